import type { Config } from "../config";
import { ApiError } from "../lib/errors";
import type { RateLimitDecision, RateLimiter } from "./rate-limiter";

/** Takes one unit of a budget from the caller's RateLimiter object; 429 with Retry-After past it. */
export async function consumeBudget(
  limiters: DurableObjectNamespace<RateLimiter>,
  key: string,
  bucket: string,
  limit: number,
  windowSeconds: number,
  describe: string,
): Promise<RateLimitDecision> {
  const decision = await limiters.get(limiters.idFromName(key)).consume(bucket, limit, windowSeconds);
  if (!decision.allowed) {
    throw new ApiError("RATE_LIMITED", {
      detail: `At most ${decision.limit} ${describe}; try again in ${decision.retryAfterSeconds} seconds.`,
      headers: { "Retry-After": String(decision.retryAfterSeconds) },
    });
  }
  return decision;
}

/** One of the user's hourly uploads (UPLOADS_PER_HOUR), taken when a job is really created. */
export async function consumeUploadBudget(env: Pick<Env, "RATE_LIMITER">, config: Config, userId: string) {
  await consumeBudget(
    env.RATE_LIMITER,
    `user:${userId}`,
    "uploads",
    config.UPLOADS_PER_HOUR,
    3600,
    "uploads per hour",
  );
}

/** One sign-in attempt from an address (SIGN_INS_PER_MINUTE), against credential stuffing and token guessing. */
export async function consumeSignInBudget(env: Pick<Env, "RATE_LIMITER">, config: Config, address: string) {
  return consumeBudget(
    env.RATE_LIMITER,
    `ip:${address}`,
    "sign-in",
    config.SIGN_INS_PER_MINUTE,
    60,
    "sign-in attempts per minute from one address",
  );
}
