import { createRouter } from "../router";
import * as handlers from "./google.handlers";
import * as routes from "./google.routes";

export const google = createRouter()
  .openapi(routes.signIn, handlers.signIn)
  .openapi(routes.authorize, handlers.authorize)
  .openapi(routes.callback, handlers.callback);
