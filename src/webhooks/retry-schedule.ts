/**
 * When a failed webhook attempt is tried again: the Standard Webhooks example schedule (immediately, 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, then 14 h, 20 h, 24 h) with its steps above 12 h cut to 10 h, because
 * Cloudflare Queues delay a message by at most 12 hours. Eight attempts over about 27.6 hours, well inside
 * the queue's default retention of 4 days even if every delay were the 12 h maximum.
 */

/** Delay before attempt n+1, indexed by n-1: the first attempt is immediate and not listed. */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;

/** Attempts in all, the first included; the queue consumer's `max_retries` is this minus one. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** The longest `delaySeconds` Cloudflare Queues accepts in `message.retry()` and `send()`. */
export const MAX_QUEUE_DELAY_SECONDS = 12 * 3600;

/** Spreads retries of events that failed together (say, a batch's) by up to ±10 %. */
const JITTER = 0.1;

/**
 * Seconds to wait before the next attempt after attempt number `attempt` (1-based, as the queue's
 * `message.attempts`) failed, or null when it was the last. A receiver's `Retry-After` can only push the
 * attempt later, never earlier, and is capped at what the queue can delay.
 */
export function nextAttemptDelay(
  attempt: number,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError("attempt counts from 1");
  const scheduled = RETRY_DELAYS_SECONDS[attempt - 1];
  if (scheduled === undefined) return null;
  const jittered = Math.round(scheduled * (1 - JITTER + 2 * JITTER * random()));
  const asked = retryAfterSeconds === undefined ? 0 : Math.ceil(Math.max(0, retryAfterSeconds));
  return Math.min(Math.max(jittered, asked), MAX_QUEUE_DELAY_SECONDS);
}

/**
 * Seconds a `Retry-After` header asks to wait (delay-seconds or an HTTP date, RFC 9110 §10.2.3), or undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // All three HTTP date formats start with the day's name; anything else Date.parse might still accept.
  const at = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** An endpoint failing without a single success for this long is disabled. */
const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;

export interface EndpointHealth {
  /** When the first failed attempt after the last success happened; null while the endpoint is healthy. */
  failingSince: Date | null;
  lastSuccessAt: Date | null;
}

/** True when every attempt to this endpoint has failed for five days: it should be disabled. */
export function shouldDisableEndpoint({ failingSince, lastSuccessAt }: EndpointHealth, now: Date): boolean {
  if (!failingSince) return false;
  if (lastSuccessAt && lastSuccessAt >= failingSince) return false;
  return now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS;
}
