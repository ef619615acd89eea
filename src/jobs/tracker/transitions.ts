import type { JobFailure, JobState, Preparation } from "./job-state";

/** The PDF was cut into `chunksTotal` chunks: the job is processing. */
export function preparedState(
  state: JobState,
  prepared: { chunksTotal: number; pageCount: number } & Partial<Preparation>,
  now: number,
): JobState {
  return {
    ...state,
    status: "processing",
    prepared: true,
    chunksTotal: prepared.chunksTotal,
    pageCount: prepared.pageCount,
    cleanup: prepared.cleanup ?? null,
    warnings: prepared.warnings ?? [],
    startedAt: state.startedAt ?? now,
    updatedAt: now,
  };
}

/** One more chunk done (it may have failed before: a retried job). */
export function chunkDoneState(state: JobState, count: number, wasFailed: boolean, now: number): JobState {
  return {
    ...state,
    chunksDone: state.chunksDone + 1,
    chunksFailed: wasFailed ? state.chunksFailed - 1 : state.chunksFailed,
    sentenceCount: state.sentenceCount + count,
    updatedAt: now,
  };
}

/** The job ended as failed with `failure`. */
export function failedState(
  state: JobState,
  failure: JobFailure,
  changes: Partial<JobState>,
  now: number,
): JobState {
  return { ...state, ...changes, status: "failed", error: failure, updatedAt: now, completedAt: now };
}

/** The job was stopped by its owner. */
export function cancelledState(state: JobState, now: number): JobState {
  return { ...state, status: "cancelled", updatedAt: now, completedAt: now };
}

/** A failed or cancelled job running again: from its first step when the PDF was never cut. */
export function reopenedState(state: JobState, now: number): JobState {
  const prepare = !state.prepared;
  return {
    ...state,
    status: prepare ? "pending" : "processing",
    dispatched: prepare ? false : state.dispatched,
    chunksFailed: 0,
    error: null,
    updatedAt: now,
    completedAt: null,
  };
}
