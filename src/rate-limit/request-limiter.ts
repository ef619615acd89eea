import { describeError, log } from "../lib/logger";
import type { Lease, RateLimiter } from "./rate-limiter";

/** A request budget: who it counts (the RateLimiter object `key`), how many per window, and its public name. */
export interface RequestPolicy {
  /** The policy's name in the RateLimit fields: `requests` (a user) or `address` (an anonymous caller). */
  name: string;
  key: string;
  limit: number;
  windowSeconds: number;
}

/** The answer for one request, with what the RateLimit fields report. */
export interface RequestDecision {
  policy: RequestPolicy;
  allowed: boolean;
  remaining: number;
  resetSeconds: number;
  retryAfterSeconds: number;
}

interface Entry {
  /** Units leased from the object and not yet spent by this isolate. */
  tokens: number;
  leasedAt: number;
  /** The object's window the lease belongs to: unspent units are handed back to it at the next lease. */
  windowStart: number;
  /** What the object had left for everyone else after the lease, and when its window ends (epoch ms). */
  remainingElsewhere: number;
  resetAt: number;
  blockedUntil: number;
  refill: Promise<void> | null;
}

/** An isolate spends a lease for at most this long, so limits and other isolates' use are seen again soon. */
const LEASE_TTL_MS = 10_000;
/** The largest lease: a tenth of the limit, never more than this, so a small limit is counted one by one. */
const MAX_LEASE = 16;
const MAX_ENTRIES = 10_000;
const MAX_ROUNDS = 50;
const entries = new Map<string, Entry>();

/** How many units an isolate asks for at once under a limit. */
function leaseSize(limit: number): number {
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(limit / 10)));
}

/**
 * Takes one request from a policy. The RateLimiter object is asked for a lease of a few units that this
 * isolate then spends locally, so most requests cost no round trip; unspent units go back with the next lease.
 * A limit is never exceeded (every unit was granted by the object); the slack is the other way: units leased
 * by an isolate that then falls idle stay counted until the window passes (at most `leaseSize` per isolate).
 * If the object cannot be reached the request is allowed (logged): an outage of the limiter is not one of the
 * API. Returns null for a policy without a limit.
 */
export async function takeRequest(
  limiters: DurableObjectNamespace<RateLimiter>,
  policy: RequestPolicy,
): Promise<RequestDecision | null> {
  if (policy.limit <= 0) return null;
  const id = `${policy.key}|${policy.name}|${policy.limit}|${policy.windowSeconds}`;
  // Requests arriving together share one refill, and the units it brings may all be taken by others: each
  // round either hands out units or blocks the policy, so every waiting request is decided within a few.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = Date.now();
    const entry = entries.get(id);
    if (entry && entry.blockedUntil > now) return decide(policy, entry, now, false);
    if (entry && entry.tokens > 0 && entry.leasedAt + LEASE_TTL_MS > now) {
      entry.tokens--;
      return decide(policy, entry, now, true);
    }
    try {
      await refill(limiters, policy, id);
    } catch (error) {
      log("warn", "rate limiter unreachable; request allowed", {
        policy: policy.name,
        ...describeError(error),
      });
      return null;
    }
  }
  log("warn", "rate limiter contended; request allowed", { policy: policy.name });
  return null;
}

/** Leases units for `id`, handing back what the previous lease left; concurrent callers share one lease. */
function refill(limiters: DurableObjectNamespace<RateLimiter>, policy: RequestPolicy, id: string) {
  const current = entries.get(id);
  if (current?.refill) return current.refill;
  const unspent = current?.tokens ? { count: current.tokens, windowStart: current.windowStart } : null;
  if (current) current.tokens = 0;
  const pending = limiters
    .get(limiters.idFromName(policy.key))
    .lease(`requests:${policy.name}`, policy.limit, policy.windowSeconds, leaseSize(policy.limit), unspent)
    .then((lease) => remember(id, lease))
    .finally(() => {
      const entry = entries.get(id);
      if (entry?.refill === pending) entry.refill = null;
    });
  if (current) current.refill = pending;
  else entries.set(id, { ...blocked(Date.now(), policy), blockedUntil: 0, refill: pending });
  return pending;
}

function remember(id: string, lease: Lease): void {
  const now = Date.now();
  if (!entries.has(id) && entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  const refill = entries.get(id)?.refill ?? null;
  entries.set(id, {
    tokens: lease.granted,
    leasedAt: now,
    windowStart: lease.windowStart,
    remainingElsewhere: lease.remaining,
    resetAt: now + lease.resetSeconds * 1000,
    blockedUntil: lease.granted > 0 ? 0 : now + lease.retryAfterSeconds * 1000,
    refill,
  });
}

function blocked(now: number, policy: RequestPolicy): Entry {
  const resetAt = now + policy.windowSeconds * 1000;
  return {
    tokens: 0,
    leasedAt: 0,
    windowStart: 0,
    remainingElsewhere: 0,
    resetAt,
    blockedUntil: resetAt,
    refill: null,
  };
}

function decide(policy: RequestPolicy, entry: Entry, now: number, allowed: boolean): RequestDecision {
  const resetSeconds = Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  return {
    policy,
    allowed,
    remaining: allowed ? entry.remainingElsewhere + entry.tokens : 0,
    resetSeconds,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((entry.blockedUntil - now) / 1000)),
  };
}
