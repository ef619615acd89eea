import { createRouter } from "../router";
import * as handlers from "./admin.handlers";
import * as routes from "./admin.routes";

export const admin = createRouter()
  .openapi(routes.listUsers, handlers.listUsers)
  .openapi(routes.getUser, handlers.getUser)
  .openapi(routes.setRole, handlers.setRole)
  .openapi(routes.deactivate, handlers.deactivate)
  .openapi(routes.reactivate, handlers.reactivate)
  .openapi(routes.grant, handlers.grant)
  .openapi(routes.listJobs, handlers.listJobs)
  .openapi(routes.retryJob, handlers.retryJob)
  .openapi(routes.audit, handlers.audit)
  .openapi(routes.stats, handlers.stats);
