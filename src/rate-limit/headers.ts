import type { RequestDecision } from "./request-limiter";

/**
 * The fields of draft-ietf-httpapi-ratelimit-headers (-11): `RateLimit-Policy` names each policy with its
 * quota `q` and window `w` in seconds; `RateLimit` gives what is left now, `r`, and the seconds `t` until the
 * window ends. Both are structured-field lists whose items are the policy names as strings.
 */
export function rateLimitFields(decision: RequestDecision): { policy: string; limit: string } {
  const name = JSON.stringify(decision.policy.name);
  return {
    policy: `${name};q=${decision.policy.limit};w=${decision.policy.windowSeconds}`,
    limit: `${name};r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}

/** Adds a decision's fields to response headers (a list field may repeat: each policy is one more item). */
export function appendRateLimitFields(headers: Headers, decision: RequestDecision): void {
  const fields = rateLimitFields(decision);
  headers.append("RateLimit-Policy", fields.policy);
  headers.append("RateLimit", fields.limit);
}
