import type { Config } from "../config";
import { ApiError } from "../lib/errors";
import { describeError, log } from "../lib/logger";
import type { NamedPlan } from "../usage/plans";
import { rateLimitFields } from "./headers";
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
 * `Retry-After` and the budget's `RateLimit-Policy` and `RateLimit` fields (named by its bucket). If the object
 * cannot be reached the unit is allowed and null returned (logged), as for request budgets: an outage of the
 * limiter is not one of the API.
 */
async function consumeBudget(
  limiters: DurableObjectNamespace<RateLimiter>,
  key: string,
  budget: Budget,
): Promise<RateLimitDecision | null> {
  let decision: RateLimitDecision;
  try {
    decision = await limiters
      .get(limiters.idFromName(key))
      .consume(budget.bucket, budget.limit, budget.windowSeconds);
  } catch (error) {
    log("warn", "rate limiter unreachable; allowed", { budget: budget.bucket, ...describeError(error) });
    return null;
  }
  if (!decision.allowed) {
    throw new ApiError("RATE_LIMITED", {
      detail: `At most ${decision.limit} ${budget.describe}; try again in ${decision.retryAfterSeconds} seconds.`,
      headers: { "Retry-After": String(decision.retryAfterSeconds), ...budgetFields(budget, decision) },
    });
  }
  return decision;
}

function budgetFields(budget: Budget, decision: RateLimitDecision) {
  const policy = { name: budget.bucket, key: "", limit: budget.limit, windowSeconds: budget.windowSeconds };
  const fields = rateLimitFields({ ...decision, policy });
  return { "RateLimit-Policy": fields.policy, RateLimit: fields.limit };
}

/** The uploads-per-hour budget of a plan. */
function uploadBudget(uploadsPerHour: number): Budget {
  return { bucket: "uploads", limit: uploadsPerHour, windowSeconds: 3600, describe: "uploads per hour" };
}

/** One of the user's hourly uploads (`uploads_per_hour` of the user's plan), taken when a job is really created. */
export async function consumeUploadBudget(env: Pick<Env, "RATE_LIMITER">, userId: string, plan: NamedPlan) {
  await consumeBudget(env.RATE_LIMITER, userLimiterKey(userId), uploadBudget(plan.uploads_per_hour));
}

/** The RateLimiter object of a user: uploads and requests (sessions and API keys alike) count there. */
export function userLimiterKey(userId: string): string {
  return `user:${userId}`;
}

/** Erases the counters kept for a user (their account is deleted). */
export async function forgetUserBudgets(env: Pick<Env, "RATE_LIMITER">, userId: string): Promise<void> {
  await env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(userLimiterKey(userId))).forget();
}

/** One sign-in attempt from an address (SIGN_INS_PER_MINUTE), against credential stuffing and token guessing. */
export async function consumeSignInBudget(env: Pick<Env, "RATE_LIMITER">, config: Config, address: string) {
  const describe = "sign-in attempts per minute from one address";
  const budget = { bucket: "sign-in", limit: config.SIGN_INS_PER_MINUTE, windowSeconds: 60, describe };
  return consumeBudget(env.RATE_LIMITER, `ip:${address}`, budget);
}

/** The user's uploads window as it stands, without taking one (for the usage view). */
export function peekUploadBudget(env: Pick<Env, "RATE_LIMITER">, userId: string, uploadsPerHour: number) {
  const budget = uploadBudget(uploadsPerHour);
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(userLimiterKey(userId))).peek(
    budget.bucket,
    budget.limit,
    budget.windowSeconds,
  );
}
