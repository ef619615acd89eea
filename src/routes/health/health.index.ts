import { createRouter } from "../router";
import * as handlers from "./health.handlers";
import * as routes from "./health.routes";

export const health = createRouter()
  .openapi(routes.liveness, handlers.liveness)
  .openapi(routes.readiness, handlers.readiness);
