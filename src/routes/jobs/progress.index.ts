import { createRouter } from "../router";
import * as handlers from "./progress.handlers";
import * as routes from "./progress.routes";

export const progress = createRouter()
  .openapi(routes.events, handlers.events)
  .openapi(routes.createEventTicket, handlers.createEventTicket)
  .openapi(routes.chunks, handlers.chunks);
