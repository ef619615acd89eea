import { createRouter } from "../router";
import * as handlers from "./batches.handlers";
import * as routes from "./batches.routes";

export const batchRoutes = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.cancel, handlers.cancel);
