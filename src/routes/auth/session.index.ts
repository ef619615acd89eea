import { createRouter } from "../router";
import * as handlers from "./session.handlers";
import * as routes from "./session.routes";

export const sessions = createRouter()
  .openapi(routes.refresh, handlers.refresh)
  .openapi(routes.me, handlers.me)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.listSessions, handlers.listSessions)
  .openapi(routes.deleteSession, handlers.deleteSession);
