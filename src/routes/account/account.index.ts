import { createRouter } from "../router";
import * as handlers from "./account.handlers";
import * as routes from "./account.routes";

export const account = createRouter()
  .openapi(routes.requestExport, handlers.requestExport)
  .openapi(routes.getExport, handlers.getExport)
  .openapi(routes.downloadExport, handlers.downloadExport)
  .openapi(routes.deleteAccount, handlers.deleteAccount);
