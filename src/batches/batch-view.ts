import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { olderThan } from "../db/keyset";
import { type Batch, batches, JOB_STATUSES, type JobStatus, jobs } from "../db/schema";
import { jobLinks } from "../jobs/job-view";
import { trackerFor } from "../jobs/tracker/client";
import { isTerminal, progressOf } from "../jobs/tracker/job-state";
import { ApiError } from "../lib/errors";
import { keysetCursor, UUID_ID } from "../lib/keyset-cursor";

/** A job of a batch as the batch shows it, with its live status. */
export interface BatchJob {
  jobId: string;
  filename: string;
  status: JobStatus;
  progress: number;
}

export type StatusCounts = Record<JobStatus, number> & { total: number };

const cursor = keysetCursor("b", UUID_ID);
const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The API path of a batch. */
export const batchLink = (batchId: string) => `/api/v1/batches/${batchId}`;

/** A batch of this user, or 404 — also for another user's, so ids reveal nothing. */
export async function findOwnedBatch(db: Database, userId: string, batchId: string): Promise<Batch> {
  const batch = await db.query.batches.findFirst({
    where: and(eq(batches.id, batchId), eq(batches.userId, userId)),
  });
  if (!batch) throw new ApiError("NOT_FOUND", { detail: `No batch ${batchId}.` });
  return batch;
}

/**
 * The batch's jobs in upload order. A job the D1 row still shows running is asked its tracker, the live
 * source of truth (the row is written after the tracker, and may lag behind a job that just ended).
 */
export async function batchJobs(
  env: Pick<Env, "JOB_TRACKER">,
  db: Database,
  batchId: string,
): Promise<BatchJob[]> {
  const rows = await db
    .select({
      id: jobs.id,
      filename: jobs.filename,
      status: jobs.status,
      chunksTotal: jobs.chunksTotal,
      chunksDone: jobs.chunksDone,
    })
    .from(jobs)
    .where(eq(jobs.batchId, batchId))
    .orderBy(asc(jobs.createdAt), asc(jobs.id));
  return Promise.all(
    rows.map(async (row) => {
      const live = isTerminal(row.status) ? null : await trackerFor(env, row.id).snapshot();
      const state = live ?? row;
      return { jobId: row.id, filename: row.filename, status: state.status, progress: progressOf(state) };
    }),
  );
}

/** How many jobs are in each status, and in all. */
export function countStatuses(statuses: readonly JobStatus[]): StatusCounts {
  const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
  for (const status of statuses) counts[status] += 1;
  return { ...counts, total: statuses.length };
}

/** What a batch shows in a list and in full: its status, counts by job status, times and link. */
function batchSummary(batch: Batch, statuses: readonly JobStatus[]) {
  return {
    batch_id: batch.id,
    status: batch.status === "completed" ? ("completed" as const) : ("processing" as const),
    counts: countStatuses(statuses),
    created_at: batch.createdAt.toISOString(),
    completed_at: iso(batch.completedAt),
    links: { self: batchLink(batch.id) },
  };
}

/** The wire view of a batch: its summary, overall progress, each job's status and the files refused. */
export function batchView(batch: Batch, list: readonly BatchJob[]) {
  const progress =
    list.length === 0 ? 100 : Math.floor(list.reduce((sum, job) => sum + job.progress, 0) / list.length);
  return {
    ...batchSummary(
      batch,
      list.map((job) => job.status),
    ),
    progress,
    jobs: list.map((job) => ({
      job_id: job.jobId,
      filename: job.filename,
      status: job.status,
      progress: job.progress,
      links: { self: jobLinks(job.jobId).self },
    })),
    rejected: batch.rejected,
  };
}

/** One page of the user's batches, newest first, with each one's counts (from D1), and the next cursor. */
export async function listBatches(
  db: Database,
  userId: string,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? cursor.decode(query.cursor) : null;
  const rows = await db
    .select()
    .from(batches)
    .where(and(eq(batches.userId, userId), olderThan(batches, after)))
    .orderBy(desc(batches.createdAt), desc(batches.id))
    .limit(query.limit + 1);
  const { items, nextCursor } = cursor.page(rows, query.limit);
  const statuses = await jobStatusesOf(
    db,
    items.map((batch) => batch.id),
  );
  return {
    items: items.map((batch) => batchSummary(batch, statuses.get(batch.id) ?? [])),
    next_cursor: nextCursor,
  };
}

/** The statuses of the jobs of several batches, in one grouped query. */
async function jobStatusesOf(db: Database, batchIds: string[]): Promise<Map<string, JobStatus[]>> {
  const byBatch = new Map<string, JobStatus[]>();
  if (batchIds.length === 0) return byBatch;
  const groups = await db
    .select({ batchId: jobs.batchId, status: jobs.status, count: sql<number>`count(*)` })
    .from(jobs)
    .where(inArray(jobs.batchId, batchIds))
    .groupBy(jobs.batchId, jobs.status);
  for (const { batchId, status, count } of groups) {
    if (!batchId) continue;
    byBatch.set(batchId, [...(byBatch.get(batchId) ?? []), ...Array<JobStatus>(count).fill(status)]);
  }
  return byBatch;
}
