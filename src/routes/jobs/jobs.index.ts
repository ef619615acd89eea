import { createRouter } from "../router";
import * as handlers from "./jobs.handlers";
import * as routes from "./jobs.routes";

export const jobs = createRouter()
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.sentences, handlers.sentences)
  .openapi(routes.download, handlers.download)
  .openapi(routes.cancel, handlers.cancel)
  .openapi(routes.retry, handlers.retry);
