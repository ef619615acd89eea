import { createRouter } from "../router";
import * as handlers from "./history.handlers";
import * as routes from "./history.routes";

export const history = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.duplicate, handlers.duplicate);
