import { createRouter } from "../router";
import * as handlers from "./auth.handlers";
import * as routes from "./auth.routes";
import { google } from "./google.index";

export const auth = createRouter()
  .route("/", google)
  .openapi(routes.devLogin, handlers.devLogin)
  .openapi(routes.refresh, handlers.refresh)
  .openapi(routes.me, handlers.me)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.listSessions, handlers.listSessions)
  .openapi(routes.deleteSession, handlers.deleteSession);
