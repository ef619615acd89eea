import { createMiddleware } from "hono/factory";
import { createDb } from "../db/client";
import type { AppEnv } from "./app-env";

/** Sets `db`, the drizzle client over D1, once per request for every handler and middleware after it. */
export function withDatabase() {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set("db", createDb(c.env.DB));
    await next();
  });
}
