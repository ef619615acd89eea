/** How the retries of one kind of work spread out in time. */
export interface BackoffCurve {
  /** Nominal delay before the first retry, in seconds; it doubles with each attempt after. */
  firstSeconds: number;
  /** No delay is longer than this. */
  maxSeconds: number;
  /**
   * The nominal delay is scaled by a random factor in [low, high): retries that failed together (a burst, an
   * outage) come back spread out instead of all at once.
   */
  jitter: readonly [low: number, high: number];
}

/** Doublings past this change nothing (every curve has reached its cap) and would only risk overflow. */
const MAX_EXPONENT = 30;

/**
 * Exponential backoff with jitter along a curve: attempt n (1-based) waits about firstSeconds·2^(n−1), scaled
 * by the jitter, rounded up to whole seconds, at least 1 and at most maxSeconds.
 */
export function backoffCurve(curve: BackoffCurve) {
  const [low, high] = curve.jitter;
  return (attempt: number, random: () => number = Math.random): number => {
    const exponent = Math.min(Math.max(attempt, 1) - 1, MAX_EXPONENT);
    const delay = curve.firstSeconds * 2 ** exponent * (low + random() * (high - low));
    return Math.min(curve.maxSeconds, Math.max(1, Math.ceil(delay)));
  };
}
