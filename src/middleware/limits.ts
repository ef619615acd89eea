import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../lib/errors";
import type { AuthEnv } from "./auth";

/** Room for the multipart framing and the settings fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** Caps an upload's body at MAX_PDF_BYTES (plus form framing) while it streams in, with 413 PDF_TOO_LARGE. */
export const limitUploadBody = createMiddleware<AuthEnv>((c, next) =>
  bodyLimit({
    maxSize: c.var.config.MAX_PDF_BYTES + FORM_OVERHEAD_BYTES,
    onError: () => {
      throw new ApiError("PDF_TOO_LARGE", {
        detail: `PDFs are limited to ${c.var.config.MAX_PDF_BYTES} bytes.`,
      });
    },
  })(c, next),
);

/** Per-user upload budget (UPLOADS_PER_HOUR, sliding window) enforced by the user's RateLimiter object. */
export const limitUploadRate = createMiddleware<AuthEnv>(async (c, next) => {
  const limiter = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(`user:${c.var.principal.userId}`));
  const decision = await limiter.consume("uploads", c.var.config.UPLOADS_PER_HOUR, 3600);
  c.header("RateLimit-Limit", String(decision.limit));
  c.header("RateLimit-Remaining", String(decision.remaining));
  if (!decision.allowed) {
    throw new ApiError("RATE_LIMITED", {
      detail: `At most ${decision.limit} uploads per hour; try again in ${decision.retryAfterSeconds} seconds.`,
      headers: { "Retry-After": String(decision.retryAfterSeconds) },
    });
  }
  await next();
});
