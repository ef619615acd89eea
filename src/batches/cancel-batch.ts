import type { Database } from "../db/client";
import type { Batch } from "../db/schema";
import { stopJob } from "../jobs/job-control";
import { isTerminal } from "../jobs/tracker/job-state";
import { ApiError } from "../lib/errors";
import { type BatchJob, batchJobs } from "./batch-view";

/**
 * Cancels every job of the batch still pending or processing; jobs that end meanwhile are left as they
 * ended. Each cancelled job announces its end, and the last one completes the batch.
 */
export async function cancelBatch(env: Env, db: Database, batch: Batch): Promise<BatchJob[]> {
  const list = await batchJobs(env, db, batch.id);
  await Promise.all(
    list
      .filter((job) => !isTerminal(job.status))
      .map(async (job) => {
        try {
          await stopJob(env, job.jobId);
        } catch (error) {
          // Ended between the read and the cancel: nothing left to stop.
          if (!(error instanceof ApiError && error.code === "CONFLICT")) throw error;
        }
      }),
  );
  return batchJobs(env, db, batch.id);
}
