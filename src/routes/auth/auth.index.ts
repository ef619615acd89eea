import { createRouter } from "../router";
import { devLogin } from "./dev-login.index";
import { google } from "./google.index";
import { sessions } from "./session.index";

/** Every `/auth` route: Google sign-in, dev login and sessions. */
export const auth = createRouter().route("/", google).route("/", devLogin).route("/", sessions);
