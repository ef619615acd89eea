import { createRouter } from "../router";
import * as handlers from "./exports.handlers";
import * as routes from "./exports.routes";

export const exportRoutes = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.listForJob, handlers.listForJob)
  .openapi(routes.list, handlers.list);
