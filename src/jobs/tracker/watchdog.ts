import type { Config } from "../../config";
import { backoffCurve } from "../../lib/backoff";
import { isTerminal, type JobFailure, type JobState } from "./job-state";

/**
 * Re-drives of one stall (no progress in between) before the job is left to the stall watchdog: enough to
 * outlast a restart or a few lost messages, few enough that work failing silently ends as JOB_STALLED.
 */
export const MAX_REDRIVES = 5;

/** The two windows a job without progress is measured against, in milliseconds. */
export interface WatchdogWindows {
  /** After this long, the unfinished work is sent again (then after doubling delays). */
  redriveMs: number;
  /** After this long, the job fails with JOB_STALLED. */
  stallMs: number;
}

/** The windows of the configuration (JOB_REDRIVE_SECONDS, JOB_STALL_SECONDS). */
export function watchdogWindows(
  config: Pick<Config, "JOB_REDRIVE_SECONDS" | "JOB_STALL_SECONDS">,
): WatchdogWindows {
  return { redriveMs: config.JOB_REDRIVE_SECONDS * 1000, stallMs: config.JOB_STALL_SECONDS * 1000 };
}

/** The streak of re-drives since the job last progressed, or null when it progressed since the last one. */
function currentStreak(state: JobState) {
  const streak = state.redriveStreak;
  return streak && streak.at > state.updatedAt ? streak : null;
}

/** Whether a running job has made no progress for the whole stall window. */
export function isStalled(state: JobState, windows: WatchdogWindows, now: number): boolean {
  return !isTerminal(state.status) && now - state.updatedAt >= windows.stallMs;
}

/** Why the watchdog failed a job. */
export function stalledFailure(windows: WatchdogWindows): JobFailure {
  return {
    error_code: "JOB_STALLED",
    message: `No progress for ${Math.round(windows.stallMs / 1000)} seconds; the job was stopped. Retry it to resume.`,
    failed_step: "watchdog",
  };
}

/** When the job's unfinished work should be sent again, or null (ended, or this stall's re-drives used up). */
export function redriveDueAt(state: JobState, windows: WatchdogWindows): number | null {
  if (isTerminal(state.status)) return null;
  const streak = currentStreak(state);
  if (!streak) return state.updatedAt + windows.redriveMs;
  return streak.count < MAX_REDRIVES ? streak.nextAt : null;
}

/**
 * The state after a re-drive at `now`: counted when the messages were `sent`, with the next one due after a
 * doubling, jittered delay (a failed send counts toward the limit too, so an unreachable queue ends in the
 * watchdog rather than in endless attempts). Sent chunk messages cover everything left, so the job is
 * `dispatched` from then on.
 */
export function redrivenState(
  state: JobState,
  sent: { ok: boolean; chunks: boolean },
  windows: WatchdogWindows,
  now: number,
  random: () => number = Math.random,
): JobState {
  const count = (currentStreak(state)?.count ?? 0) + 1;
  const redriveSeconds = Math.max(1, Math.round(windows.redriveMs / 1000));
  const delay = backoffCurve({
    firstSeconds: redriveSeconds,
    maxSeconds: 16 * redriveSeconds,
    jitter: [1, 1.5],
  });
  return {
    ...state,
    dispatched: state.dispatched || (sent.ok && sent.chunks),
    redrives: state.redrives + (sent.ok ? 1 : 0),
    redriveStreak: { count, at: now, nextAt: now + delay(count + 1, random) * 1000 },
  };
}

/**
 * When the tracker's alarm should next ring: the earlier of the re-drive and the stall deadline while the job
 * runs; a retry of the outbox while an event is unsent; null when nothing is left to watch.
 */
export function nextAlarmAt(
  state: JobState,
  windows: WatchdogWindows,
  outboxRetryAt: number | null,
): number | null {
  const times = [outboxRetryAt];
  if (!isTerminal(state.status)) times.push(state.updatedAt + windows.stallMs, redriveDueAt(state, windows));
  const due = times.filter((time): time is number => time !== null);
  return due.length > 0 ? Math.min(...due) : null;
}
