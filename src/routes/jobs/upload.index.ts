import { createRouter } from "../router";
import * as handlers from "./upload.handlers";
import * as routes from "./upload.routes";

export const upload = createRouter()
  .openapi(routes.upload, handlers.upload)
  .openapi(routes.estimate, handlers.estimate);
