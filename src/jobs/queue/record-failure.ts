import type { JobError } from "../../lib/job-error";
import { trackerFor } from "../tracker/client";
import type { JobFailure, JobState } from "../tracker/job-state";
import type { JobMessage } from "./messages";

/**
 * Records a step's final failure: a failed chunk fails its chunk (and so the job), a failed prepare the job.
 * Returns the job's state after it.
 */
export async function recordFailure(
  env: Pick<Env, "JOB_TRACKER">,
  message: JobMessage,
  failure: JobFailure,
): Promise<JobState> {
  const tracker = trackerFor(env, message.jobId);
  if (message.type === "job.chunk") return tracker.chunkFailed(message.chunk, failure);
  return tracker.fail(failure);
}

/** Keeps a chunk attempt's failure that will be retried, so the chunk details show why a chunk is waiting. */
export async function recordFailedAttempt(
  env: Pick<Env, "JOB_TRACKER">,
  message: Extract<JobMessage, { type: "job.chunk" }>,
  error: JobError | null,
) {
  await trackerFor(env, message.jobId).chunkAttemptFailed(message.chunk, {
    error_code: error?.code ?? "CHUNK_FAILED",
    message: error?.message ?? "The chunk failed unexpectedly; it is tried again.",
    failed_step: "process",
  });
}
