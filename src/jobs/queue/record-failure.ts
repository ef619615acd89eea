import { trackerFor } from "../tracker/client";
import type { JobFailure } from "../tracker/job-state";
import type { JobMessage } from "./messages";

/** Records a step's final failure: a failed chunk fails its chunk (and so the job), a failed prepare the job. */
export async function recordFailure(env: Pick<Env, "JOB_TRACKER">, message: JobMessage, failure: JobFailure) {
  const tracker = trackerFor(env, message.jobId);
  if (message.type === "job.chunk") await tracker.chunkFailed(message.chunk, failure);
  else await tracker.fail(failure);
}
