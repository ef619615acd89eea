import { describe, expect, it } from "vitest";
import { initialState, type JobState } from "../../../src/jobs/tracker/job-state";
import {
  isStalled,
  MAX_REDRIVES,
  nextAlarmAt,
  redriveDueAt,
  redrivenState,
} from "../../../src/jobs/tracker/watchdog";

const windows = { redriveMs: 20_000, stallMs: 900_000 };
const T0 = 1_700_000_000_000;
const sent = { ok: true, chunks: true };

function running(changes: Partial<JobState> = {}): JobState {
  const state = initialState(
    { jobId: "j", userId: "u", engine: "offline", model: null, cacheKey: null, createdAt: T0 },
    T0,
  );
  return { ...state, status: "processing", prepared: true, chunksTotal: 4, ...changes };
}

/** Re-drives a job every time one is due, with no progress in between; returns the times they happened. */
function redriveUntilExhausted(state: JobState, random: () => number) {
  const times: number[] = [];
  let current = state;
  for (let due = redriveDueAt(current, windows); due !== null; due = redriveDueAt(current, windows)) {
    times.push(due);
    current = redrivenState(current, sent, windows, due, random);
  }
  return { times, state: current };
}

describe("the re-drive schedule", () => {
  it("is due one window after the last progress", () => {
    expect(redriveDueAt(running(), windows)).toBe(T0 + windows.redriveMs);
  });

  it("doubles the wait after each re-drive without progress, and stops after MAX_REDRIVES", () => {
    const { times, state } = redriveUntilExhausted(running(), () => 0);
    expect(times).toHaveLength(MAX_REDRIVES);
    const gaps = times.map((time, i) => time - (times[i - 1] ?? T0));
    expect(gaps).toEqual([20_000, 40_000, 80_000, 160_000, 320_000]);
    expect(state.redrives).toBe(MAX_REDRIVES);
    // With this window the last re-drive still comes before the stall deadline.
    expect(times.at(-1)).toBeLessThan(T0 + windows.stallMs);
  });

  it("spreads re-drives of jobs that stalled together (jitter up to half the wait), never sooner", () => {
    const early = redriveUntilExhausted(running(), () => 0).times;
    const late = redriveUntilExhausted(running(), () => 0.999).times;
    for (const [i, time] of late.entries()) {
      const wait = time - (late[i - 1] ?? T0);
      const base = (early[i] ?? 0) - (early[i - 1] ?? T0);
      expect(wait).toBeGreaterThanOrEqual(base);
      expect(wait).toBeLessThanOrEqual(i === 0 ? base : Math.ceil(base * 1.5));
    }
  });

  it("starts afresh once the job progresses after a re-drive", () => {
    const redriven = redrivenState(running(), sent, windows, T0 + 20_000);
    const progressed = { ...redriven, chunksDone: 1, updatedAt: T0 + 25_000 };
    expect(redriveDueAt(progressed, windows)).toBe(T0 + 45_000);
    const again = redrivenState(progressed, sent, windows, T0 + 45_000);
    expect(again.redriveStreak?.count).toBe(1);
    expect(again.redrives).toBe(2);
  });

  it("counts a failed send toward the limit but not among the re-drives", () => {
    const failed = redrivenState(running(), { ok: false, chunks: true }, windows, T0 + 20_000);
    expect(failed).toMatchObject({ redrives: 0, redriveStreak: { count: 1 } });
    expect(failed.dispatched).toBe(running().dispatched);
  });

  it("marks chunk messages as dispatched once re-sent, so a late prepare message sends nothing twice", () => {
    expect(redrivenState(running({ dispatched: false }), sent, windows, T0 + 20_000).dispatched).toBe(true);
  });

  it("never re-drives a job that ended", () => {
    for (const status of ["completed", "failed", "cancelled"] as const) {
      expect(redriveDueAt(running({ status }), windows)).toBeNull();
      expect(isStalled(running({ status }), windows, T0 + 10 * windows.stallMs)).toBe(false);
    }
  });
});

describe("the tracker's alarm", () => {
  it("rings at the earliest of the re-drive, the stall deadline and an outbox retry", () => {
    expect(nextAlarmAt(running(), windows, null)).toBe(T0 + windows.redriveMs);
    expect(nextAlarmAt(running(), windows, T0 + 5_000)).toBe(T0 + 5_000);
    const exhausted = redriveUntilExhausted(running(), () => 0).state;
    expect(nextAlarmAt(exhausted, windows, null)).toBe(T0 + windows.stallMs);
  });

  it("after the job ended, rings only for an unsent event", () => {
    const ended = running({ status: "completed" });
    expect(nextAlarmAt(ended, windows, null)).toBeNull();
    expect(nextAlarmAt(ended, windows, T0 + 30_000)).toBe(T0 + 30_000);
  });

  it("fails the job once the stall window has passed without progress", () => {
    expect(isStalled(running(), windows, T0 + windows.stallMs - 1)).toBe(false);
    expect(isStalled(running(), windows, T0 + windows.stallMs)).toBe(true);
  });
});
