/**
 * The rules of the Gemini gate as plain functions of (state, limits, now), so they can be tested with any
 * clock; the GeminiGate Durable Object only loads, applies and stores them.
 */

/**
 * A permit, or a refusal saying when to ask again: `retryAfterMs` for a caller waiting in-process (a busy slot
 * frees up within a call's time), `retryAfterSeconds` for a queue message's delay (whole seconds).
 */
export type GatePermit =
  | { granted: true; permitId: string }
  | { granted: false; retryAfterSeconds: number; retryAfterMs: number };

/** "failure" means an upstream fault (429, 5xx, timeout); anything else, cancellation included, is "success". */
export type CallOutcome = "success" | "failure";

export interface GateRelease {
  /** Upstream faults in a row across the project, after this outcome (drives the caller's backoff). */
  consecutiveFailures: number;
}

/** What the engine needs from the gate: the GeminiGate stub in production, a fake in tests. */
export interface GeminiGateClient {
  acquire(): Promise<GatePermit>;
  release(permitId: string, outcome: CallOutcome): Promise<GateRelease>;
}

export interface GateLimits {
  maxConcurrency: number;
  maxRpm: number;
  /** A permit not released within this time is dropped (its caller crashed). */
  permitTtlMs: number;
  /** Upstream faults in a row that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  openMs: number;
}

export interface GateState {
  /** permitId → expiry (epoch ms). */
  permits: Record<string, number>;
  /** Grant times (epoch ms) within the last minute, oldest first. */
  grants: number[];
  failures: number;
  /** Set while the circuit is open or half-open. */
  openUntil: number | null;
  /** The half-open probe in flight, if any. */
  probe: string | null;
}

const MINUTE_MS = 60_000;
/** Suggested wait when every slot is busy: calls are short, a slot frees up soon. */
const BUSY_RETRY_MS = 150;
/** Suggested wait while the half-open probe is in flight. */
const PROBE_RETRY_MS = 5_000;

/** A gate with nothing in flight and a closed circuit. */
export function emptyGateState(): GateState {
  return { permits: {}, grants: [], failures: 0, openUntil: null, probe: null };
}

/** Grants `permitId` or refuses with a delay; mutates `state`. */
export function acquirePermit(
  state: GateState,
  limits: GateLimits,
  now: number,
  permitId: string,
): GatePermit {
  forgetExpired(state, now);
  if (state.openUntil !== null) {
    if (now < state.openUntil) return refuse(state.openUntil - now);
    if (state.probe !== null) return refuse(PROBE_RETRY_MS);
    state.probe = permitId;
    return grant(state, limits, now, permitId);
  }
  if (Object.keys(state.permits).length >= limits.maxConcurrency) return refuse(BUSY_RETRY_MS);
  const oldest = state.grants[0];
  if (oldest !== undefined && state.grants.length >= limits.maxRpm) {
    return refuse(oldest + MINUTE_MS - now);
  }
  return grant(state, limits, now, permitId);
}

/** Frees `permitId` and records its outcome in the circuit breaker; mutates `state`. Unknown permits are ignored. */
export function releasePermit(
  state: GateState,
  limits: GateLimits,
  now: number,
  permitId: string,
  outcome: CallOutcome,
): GateRelease {
  forgetExpired(state, now);
  if (!(permitId in state.permits)) return { consecutiveFailures: state.failures };
  delete state.permits[permitId];
  const wasProbe = state.probe === permitId;
  if (wasProbe) state.probe = null;
  if (outcome === "success") {
    state.failures = 0;
    if (wasProbe) state.openUntil = null;
  } else {
    state.failures += 1;
    if (wasProbe || state.failures >= limits.failureThreshold) state.openUntil = now + limits.openMs;
  }
  return { consecutiveFailures: state.failures };
}

function grant(state: GateState, limits: GateLimits, now: number, permitId: string): GatePermit {
  state.permits[permitId] = now + limits.permitTtlMs;
  state.grants.push(now);
  return { granted: true, permitId };
}

function refuse(waitMs: number): GatePermit {
  return { granted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), retryAfterMs: waitMs };
}

function forgetExpired(state: GateState, now: number): void {
  for (const [id, expiresAt] of Object.entries(state.permits)) {
    if (expiresAt <= now) delete state.permits[id];
  }
  if (state.probe !== null && !(state.probe in state.permits)) state.probe = null;
  state.grants = state.grants.filter((at) => at > now - MINUTE_MS);
}
