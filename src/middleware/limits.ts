import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { Config } from "../config";
import { ApiError } from "../lib/errors";
import type { AppEnv } from "../lib/types";
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

interface RateLimitOptions<E extends AppEnv> {
  /** Names the budget inside the caller's limiter object. */
  bucket: string;
  /** Who is counted: one RateLimiter Durable Object per key. */
  key: (c: Context<E>) => string;
  limit: (config: Config) => number;
  windowSeconds: number;
  /** How the refusal reads, e.g. "uploads per hour". */
  describe: string;
}

/** A sliding-window budget per caller, kept in that caller's RateLimiter object; 429 with Retry-After past it. */
export function rateLimit<E extends AppEnv>(options: RateLimitOptions<E>) {
  return createMiddleware<E>(async (c, next) => {
    const limiter = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(options.key(c)));
    const decision = await limiter.consume(
      options.bucket,
      options.limit(c.var.config),
      options.windowSeconds,
    );
    c.header("RateLimit-Limit", String(decision.limit));
    c.header("RateLimit-Remaining", String(decision.remaining));
    if (!decision.allowed) {
      throw new ApiError("RATE_LIMITED", {
        detail: `At most ${decision.limit} ${options.describe}; try again in ${decision.retryAfterSeconds} seconds.`,
        headers: { "Retry-After": String(decision.retryAfterSeconds) },
      });
    }
    await next();
  });
}

/** Per-user upload budget (UPLOADS_PER_HOUR). */
export const limitUploadRate = rateLimit<AuthEnv>({
  bucket: "uploads",
  key: (c) => `user:${c.var.principal.userId}`,
  limit: (config) => config.UPLOADS_PER_HOUR,
  windowSeconds: 3600,
  describe: "uploads per hour",
});

/** Per-address budget for the unauthenticated sign-in routes, against credential stuffing and token guessing. */
export const limitSignInRate = rateLimit<AppEnv>({
  bucket: "sign-in",
  key: (c) => `ip:${c.req.header("cf-connecting-ip") ?? "unknown"}`,
  limit: (config) => config.SIGN_INS_PER_MINUTE,
  windowSeconds: 60,
  describe: "sign-in attempts per minute from one address",
});
