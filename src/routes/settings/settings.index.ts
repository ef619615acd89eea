import { createRouter } from "../router";
import * as handlers from "./settings.handlers";
import * as routes from "./settings.routes";

export const settings = createRouter()
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.put, handlers.put)
  .openapi(routes.post, handlers.post);
