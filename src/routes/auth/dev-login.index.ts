import { createRouter } from "../router";
import * as handlers from "./dev-login.handlers";
import * as routes from "./dev-login.routes";

export const devLogin = createRouter().openapi(routes.devLogin, handlers.devLogin);
