import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";

/** CORS for the browser origins listed in CORS_ORIGINS; any other origin gets no CORS headers. */
export function corsFromConfig() {
  return createMiddleware<AppEnv>((c, next) =>
    cors({
      origin: (origin) => (c.var.config.CORS_ORIGINS.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      // What a browser client reads besides the body: replays, rate limits, downloads' names, auth challenges,
      // settings fields ignored.
      exposeHeaders: [
        "X-Request-Id",
        "Location",
        "Retry-After",
        "Content-Disposition",
        "WWW-Authenticate",
        "Idempotent-Replayed",
        "X-Ignored-Fields",
        "RateLimit",
        "RateLimit-Policy",
      ],
      maxAge: 600,
      credentials: false,
    })(c, next),
  );
}
