import type { Config } from "../config";
import { ApiError } from "../lib/errors";
import type { RateLimitDecision, RateLimiter } from "./rate-limiter";

/** A rule: how many of something a caller may do per window, named for the 429 that refuses one more. */
export interface Budget {
  bucket: string;
  limit: number;
  windowSeconds: number;
  /** "uploads per hour": completes "At most 30 …" in the refusal. */
  describe: string;
}

/**
 * Takes one unit of a budget from the RateLimiter object of `key` (a user, an address). Past it: 429 with
 * `Retry-After` and the budget's `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
 */
export async function consumeBudget(
  limiters: DurableObjectNamespace<RateLimiter>,
  key: string,
  budget: Budget,
): Promise<RateLimitDecision> {
  const decision = await limiters
    .get(limiters.idFromName(key))
    .consume(budget.bucket, budget.limit, budget.windowSeconds);
  if (!decision.allowed) {
    throw new ApiError("RATE_LIMITED", {
      detail: `At most ${decision.limit} ${budget.describe}; try again in ${decision.retryAfterSeconds} seconds.`,
      headers: {
        "Retry-After": String(decision.retryAfterSeconds),
        "RateLimit-Limit": String(decision.limit),
        "RateLimit-Remaining": String(decision.remaining),
        "RateLimit-Reset": String(decision.retryAfterSeconds),
      },
    });
  }
  return decision;
}

const userKey = (userId: string) => `user:${userId}`;

/** Erases the counters kept for a user (their account is deleted). */
export async function forgetUserBudgets(env: Pick<Env, "RATE_LIMITER">, userId: string): Promise<void> {
  await env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(userKey(userId))).forget();
}

/** One of the user's hourly uploads (UPLOADS_PER_HOUR), taken when a job is really created. */
export async function consumeUploadBudget(env: Pick<Env, "RATE_LIMITER">, config: Config, userId: string) {
  const budget = {
    bucket: "uploads",
    limit: config.UPLOADS_PER_HOUR,
    windowSeconds: 3600,
    describe: "uploads per hour",
  };
  await consumeBudget(env.RATE_LIMITER, userKey(userId), budget);
}

/** One sign-in attempt from an address (SIGN_INS_PER_MINUTE), against credential stuffing and token guessing. */
export async function consumeSignInBudget(env: Pick<Env, "RATE_LIMITER">, config: Config, address: string) {
  const describe = "sign-in attempts per minute from one address";
  const budget = { bucket: "sign-in", limit: config.SIGN_INS_PER_MINUTE, windowSeconds: 60, describe };
  return consumeBudget(env.RATE_LIMITER, `ip:${address}`, budget);
}
