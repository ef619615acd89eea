import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";

/** CORS for the browser origins listed in CORS_ORIGINS; any other origin gets no CORS headers. */
export function corsFromConfig() {
  return createMiddleware<AppEnv>((c, next) =>
    cors({
      origin: (origin) => (c.var.config.CORS_ORIGINS.includes(origin) ? origin : null),
      // If-None-Match: a client polling history (or a completed result) sends back the ETag it holds.
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "If-None-Match", "X-Request-Id"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      // What a browser client reads besides the body: replays, rate limits, downloads' names, auth challenges,
      // settings fields ignored, validators to send back in If-None-Match.
      exposeHeaders: [
        "X-Request-Id",
        "ETag",
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
