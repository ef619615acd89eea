import { describe, expect, it } from "vitest";
import {
  MAX_ATTEMPTS,
  MAX_QUEUE_DELAY_SECONDS,
  nextAttemptDelay,
  parseRetryAfter,
  shouldDisableEndpoint,
} from "../../src/webhooks/retry-schedule";

const middle = () => 0.5; // no jitter
const HOUR = 3600;

describe("nextAttemptDelay", () => {
  it("follows the schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up after attempt 8", () => {
    const delays = Array.from({ length: 9 }, (_, index) => nextAttemptDelay(index + 1, undefined, middle));
    expect(delays).toEqual([5, 300, 1800, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR, null, null]);
    expect(MAX_ATTEMPTS).toBe(8);
  });

  it("spans about 27.6 hours in all and never asks the queue for more than 12 hours", () => {
    const total = Array.from(
      { length: MAX_ATTEMPTS },
      (_, i) => nextAttemptDelay(i + 1, undefined, middle) ?? 0,
    );
    expect(total.reduce((sum, delay) => sum + delay, 0)).toBe(5 + 300 + 1800 + 17 * HOUR + 10 * HOUR);
    for (const random of [0, 0.999999]) {
      for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
        expect(nextAttemptDelay(attempt, 10 ** 9, () => random)).toBe(MAX_QUEUE_DELAY_SECONDS);
        expect(nextAttemptDelay(attempt, undefined, () => random)).toBeLessThanOrEqual(
          MAX_QUEUE_DELAY_SECONDS,
        );
      }
    }
    expect(MAX_QUEUE_DELAY_SECONDS).toBe(43_200);
  });

  it("spreads each delay by at most ±10 %", () => {
    expect(nextAttemptDelay(3, undefined, () => 0)).toBe(1620);
    expect(nextAttemptDelay(3, undefined, () => 0.999999)).toBe(1980);
    expect(nextAttemptDelay(6, undefined, () => 0.999999)).toBe(39_600);
  });

  it("waits as long as Retry-After asks when that is later than the schedule, never earlier", () => {
    expect(nextAttemptDelay(1, 120, middle)).toBe(120);
    expect(nextAttemptDelay(3, 120, middle)).toBe(1800);
    expect(nextAttemptDelay(2, 0.2, middle)).toBe(300);
    expect(nextAttemptDelay(8, 60, middle)).toBeNull();
  });

  it("refuses an attempt number that is not a positive integer", () => {
    expect(() => nextAttemptDelay(0)).toThrow(RangeError);
    expect(() => nextAttemptDelay(1.5)).toThrow(RangeError);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-29T10:00:00Z");
  it.each([
    ["120", 120],
    [" 0 ", 0],
    ["Sun, 29 Nov 2026 10:05:00 GMT", 300],
    ["Sun, 29 Nov 2026 09:00:00 GMT", 0],
    ["soon", undefined],
    ["-5", undefined],
    ["1.5", undefined],
    ["", undefined],
    [null, undefined],
  ])("reads %j as %j seconds", (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});

describe("shouldDisableEndpoint", () => {
  const day = 24 * HOUR * 1000;
  const now = new Date("2026-11-29T10:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("disables an endpoint that has failed without a success for five days", () => {
    expect(shouldDisableEndpoint({ failingSince: ago(5 * day), lastSuccessAt: ago(6 * day) }, now)).toBe(
      true,
    );
    expect(shouldDisableEndpoint({ failingSince: ago(5 * day), lastSuccessAt: null }, now)).toBe(true);
  });

  it("keeps one failing for less than five days, one that succeeded since, and a healthy one", () => {
    expect(shouldDisableEndpoint({ failingSince: ago(5 * day - 1), lastSuccessAt: null }, now)).toBe(false);
    expect(shouldDisableEndpoint({ failingSince: ago(6 * day), lastSuccessAt: ago(day) }, now)).toBe(false);
    expect(shouldDisableEndpoint({ failingSince: null, lastSuccessAt: ago(30 * day) }, now)).toBe(false);
  });
});
