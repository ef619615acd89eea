import { signInByEmail } from "../../auth/dev-login";
import type { AppRouteHandler } from "../router";
import type * as routes from "./dev-login.routes";

/** `POST /auth/dev-login`: signs in by email alone (development only). */
export const devLogin: AppRouteHandler<typeof routes.devLogin> = async (c) => {
  const { email, name } = c.req.valid("json");
  const body = await signInByEmail(c.var.db, c.var.config, {
    email,
    name,
    userAgent: c.req.header("user-agent"),
  });
  return c.json(body, 200);
};
