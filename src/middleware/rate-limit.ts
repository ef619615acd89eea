import type { Context, Next } from "hono";
import { createMiddleware } from "hono/factory";
import type { Principal } from "../auth/principal";
import type { Config } from "../config";
import { ApiError } from "../lib/errors";
import { userLimiterKey } from "../rate-limit/budgets";
import { appendRateLimitFields, rateLimitFields } from "../rate-limit/headers";
import { type RequestDecision, type RequestPolicy, takeRequest } from "../rate-limit/request-limiter";
import { planOf } from "../usage/plans";
import type { AppEnv } from "./app-env";
import { requiresAuthentication } from "./auth";

const MINUTE = 60;

/** What limiting needs of a request's context, whether its caller is signed in or not. */
type LimitedContext = Pick<Context<AppEnv>, "env" | "res"> & {
  set(key: "rateLimit", value: RequestDecision): void;
};

/** The request policy of a signed-in caller: the plan's requests per minute, shared by sessions and API keys. */
export function principalPolicy(config: Pick<Config, "PLANS">, principal: Principal): RequestPolicy {
  const plan = planOf(config, principal.role);
  return {
    name: "requests",
    key: userLimiterKey(principal.userId),
    limit: plan.requests_per_minute,
    windowSeconds: MINUTE,
  };
}

/**
 * Takes one request from `policy`, refusing with 429 RATE_LIMITED (RateLimit fields and Retry-After) past it,
 * then runs the rest of the chain and adds the fields to whatever answer it gives.
 */
export async function withRequestLimit(c: LimitedContext, policy: RequestPolicy, next: Next): Promise<void> {
  const decision = await takeRequest(c.env.RATE_LIMITER, policy);
  if (decision && !decision.allowed) throw refusal(decision);
  if (decision) c.set("rateLimit", decision);
  await next();
  if (decision) appendRateLimitFields(c.res.headers, decision);
}

function refusal(decision: RequestDecision): ApiError {
  const fields = rateLimitFields(decision);
  const who = decision.policy.name === "address" ? "from one address without signing in" : "per user";
  return new ApiError("RATE_LIMITED", {
    detail: `At most ${decision.policy.limit} requests per minute ${who}; try again in ${decision.retryAfterSeconds} seconds.`,
    headers: {
      "Retry-After": String(decision.retryAfterSeconds),
      "RateLimit-Policy": fields.policy,
      RateLimit: fields.limit,
    },
  });
}

/**
 * Per-address budget (ANONYMOUS_REQUESTS_PER_MINUTE) for every route that does not authenticate: sign-in,
 * health, docs, and paths that match nothing. Authenticated routes are limited per user by `requireAuth`.
 */
export function limitAnonymousRequests() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (requiresAuthentication(c)) return next();
    const address = c.req.header("cf-connecting-ip") ?? "unknown";
    const policy = {
      name: "address",
      key: `ip:${address}`,
      limit: c.var.config.ANONYMOUS_REQUESTS_PER_MINUTE,
      windowSeconds: MINUTE,
    };
    await withRequestLimit(c, policy, next);
  });
}
