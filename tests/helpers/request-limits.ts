import { env } from "cloudflare:test";

/** Requests per minute high enough that no test is throttled by accident, yet every request is still counted. */
export const SUITE_REQUESTS_PER_MINUTE = 1_000_000;

/**
 * The suite signs in from one address and polls jobs many times a minute: the request budgets of every plan
 * and of anonymous callers are lifted for it here, on the shared test bindings (the worker reads the same
 * object), leaving every other plan value at its default. Tests of the limits pass their own `PLANS`.
 */
export function liftRequestLimits(): void {
  const plans = Object.fromEntries(
    ["user", "premium", "admin"].map((name) => [name, { requests_per_minute: SUITE_REQUESTS_PER_MINUTE }]),
  );
  Object.assign(env, {
    PLANS: JSON.stringify(plans),
    ANONYMOUS_REQUESTS_PER_MINUTE: String(SUITE_REQUESTS_PER_MINUTE),
  });
}
