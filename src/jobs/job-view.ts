import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { type Job, jobs } from "../db/schema";
import { ApiError } from "../lib/errors";
import { trackerFor } from "./tracker/client";
import { type JobState, progressOf } from "./tracker/job-state";

const iso = (value: Date | number | null | undefined) =>
  value == null ? null : new Date(value).toISOString();

/** The API paths of a job's resources. */
export function jobLinks(jobId: string) {
  const self = `/api/v1/jobs/${jobId}`;
  return {
    self,
    events: `${self}/events`,
    sentences: `${self}/sentences`,
    download: `${self}/download`,
    history: `/api/v1/history/${jobId}`,
  };
}

/** A job of this user, or 404 — also for another user's job or a deleted one, so ids reveal nothing. */
export async function findOwnedJob(db: Database, userId: string, jobId: string): Promise<Job> {
  const job = await db.query.jobs.findFirst({
    where: and(eq(jobs.id, jobId), eq(jobs.userId, userId), isNull(jobs.deletedAt)),
  });
  if (!job) throw new ApiError("NOT_FOUND", { detail: `No job ${jobId}.` });
  return job;
}

/** The wire view of a job: the D1 row for what never changes, the tracker's live state for the rest. */
export function jobView(job: Job, live: JobState | null) {
  const status = live?.status ?? job.status;
  const chunks = {
    total: live?.chunksTotal ?? job.chunksTotal,
    done: live?.chunksDone ?? job.chunksDone,
    failed: live?.chunksFailed ?? job.chunksFailed,
  };
  const error = live
    ? live.error
    : job.errorCode
      ? { error_code: job.errorCode, message: job.errorMessage ?? "", failed_step: job.failedStep ?? "" }
      : null;
  return {
    job_id: job.id,
    status,
    progress: progressOf({ status, chunksTotal: chunks.total, chunksDone: chunks.done }),
    chunks,
    sentence_count: live?.sentenceCount ?? job.sentenceCount,
    filename: job.filename,
    file_size: job.fileSize,
    page_count: live?.pageCount ?? job.pageCount,
    engine: job.engine,
    model: job.model,
    settings: job.settings,
    stats: live?.stats ?? job.stats ?? null,
    usage: live?.usage ?? job.usage ?? null,
    error,
    warnings: live?.warnings ?? job.warnings ?? [],
    cached: job.cached,
    created_at: iso(job.createdAt),
    updated_at: iso(live?.updatedAt ?? job.updatedAt),
    started_at: iso(live?.startedAt ?? job.startedAt),
    completed_at: iso(live?.completedAt ?? job.completedAt),
    links: jobLinks(job.id),
  };
}

export type JobView = ReturnType<typeof jobView>;

/**
 * The job with its result layout from the tracker when the D1 row has not caught up yet (its last mirror
 * write failed and awaits the sweep): results are readable as soon as the tracker says completed.
 */
export async function withLiveResult(env: Pick<Env, "JOB_TRACKER">, job: Job): Promise<Job> {
  if (job.status === "completed" && job.resultPrefix && job.chunkCounts) return job;
  const live = await trackerFor(env, job.id).snapshot();
  if (live?.status !== "completed") return job;
  return { ...job, status: live.status, resultPrefix: live.resultPrefix, chunkCounts: live.chunkCounts };
}
