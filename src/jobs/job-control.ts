import type { Job } from "../db/schema";
import { ApiError } from "../lib/errors";
import { reserveResumedPages } from "./job-usage";
import { enqueueChunks, enqueuePrepare } from "./queue/producer";
import { type ChunkInput, chunkInputKey, getJson, requireStoredPdf } from "./storage";
import type { ChunkDetail } from "./tracker/chunk-details";
import { trackerFor } from "./tracker/client";
import type { JobState } from "./tracker/job-state";

const stateName = (state: JobState | null) => state?.status ?? "not started (it never reached the queue)";

/** Cancels a pending or processing job; 409 once it has ended. */
export async function stopJob(env: Env, jobId: string): Promise<JobState> {
  const { changed, state } = await trackerFor(env, jobId).cancel();
  if (!changed || !state)
    throw new ApiError("CONFLICT", { detail: `The job is already ${stateName(state)}.` });
  return state;
}

/**
 * Reopens a failed or cancelled job and queues what is left of it (its first step, or its unfinished chunks,
 * whose inputs are stored apart); 409 when what is left needs its PDF, or a scanned page cut out of it, and
 * that is no longer stored. If charging its pages or the queue fails, the job is failed again rather than left
 * `processing` with nothing queued.
 */
export async function resumeJob(
  env: Env,
  job: Pick<Job, "id" | "pdfKey" | "pdfPurgedAt">,
): Promise<JobState> {
  const jobId = job.id;
  const tracker = trackerFor(env, jobId);
  const current = await tracker.snapshot();
  if (current && !current.prepared) await requireStoredPdf(env.PDF_BUCKET, job.pdfKey);
  if (current?.prepared && job.pdfPurgedAt)
    await requireStoredScans(env.PDF_BUCKET, jobId, (await tracker.chunkDetails()) ?? []);
  const reopened = await tracker.reopen();
  if (!reopened.changed || !reopened.state) {
    throw new ApiError("CONFLICT", {
      detail: `Only failed or cancelled jobs can be retried; this one is ${stateName(reopened.state)}.`,
    });
  }
  try {
    // Inside the try: a failed charge (D1 unreachable) must not leave the job running with nothing queued,
    // where the watchdog would later re-drive it uncharged. Over the quota, the job has already failed.
    await reserveResumedPages(env, reopened.state);
    if (reopened.prepare) {
      await enqueuePrepare(env, jobId);
    } else {
      await enqueueChunks(env, jobId, reopened.chunks);
    }
  } catch (error) {
    await tracker.fail({
      error_code: "INTERNAL_ERROR",
      message: "The job could not be started again; retry it in a moment.",
      failed_step: reopened.prepare ? "extract" : "process",
    });
    throw error;
  }
  return reopened.state;
}

/**
 * 409 when a chunk left to run is a scanned page: its one-page PDF went with the job's PDF (purgeUnusedPdfs),
 * while text chunks keep their inputs. Such a chunk spans one page, so only one-page chunks' inputs are read.
 */
async function requireStoredScans(bucket: R2Bucket, jobId: string, chunks: ChunkDetail[]): Promise<void> {
  for (const chunk of chunks) {
    if (chunk.status === "done" || chunk.start_page === null || chunk.start_page !== chunk.end_page) continue;
    const input = await getJson<ChunkInput>(bucket, chunkInputKey(jobId, chunk.index));
    if (input?.scannedPage === undefined) continue;
    throw new ApiError("CONFLICT", {
      detail: `Scanned page ${input.scannedPage} of this job is no longer stored with its PDF; upload the PDF again to process it.`,
    });
  }
}
