import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import { recordRequest } from "../lib/metrics";
import type { AppEnv } from "./app-env";

/** The pattern of the route that answered (middlewares match every method, routes one), or `(unmatched)`. */
function answeringRoute(c: Parameters<typeof matchedRoutes>[0]): string {
  return matchedRoutes(c).findLast((route) => route.method !== "ALL")?.path ?? "(unmatched)";
}

/** Writes one request metric (route pattern, status, duration, the caller's plan) per answered request. */
export function recordRequestMetrics() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = Date.now();
    try {
      await next();
    } finally {
      recordRequest(c.env.METRICS, {
        method: c.req.method,
        route: answeringRoute(c),
        status: c.res.status,
        durationMs: Date.now() - started,
        plan: c.var.principal?.role ?? "anonymous",
      });
    }
  });
}
