import { createMiddleware } from "hono/factory";
import { log } from "../lib/logger";
import type { AppEnv } from "./app-env";

/** One structured log line per request: route, status and duration, with the request id and the caller. */
export function requestLog() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = Date.now();
    await next();
    log(c.res.status >= 500 ? "error" : "info", "request", {
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Date.now() - started,
      request_id: c.get("requestId"),
      user_id: c.get("principal")?.userId,
    });
  });
}
