import { and, eq, gte, inArray, isNotNull, isNull, lt, ne, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client";
import { type Job, jobs } from "../db/schema";
import { bumpHistoryVersion } from "./history-version/client";
import { forgetResult, lookupResult } from "./result-cache";
import { deletePrefix, jobPrefix } from "./storage";
import { trackerFor } from "./tracker/client";
import type { WatchdogWindows } from "./tracker/watchdog";

const BATCH = 50;

/**
 * Asks the tracker of every running job whose row shows no progress for the re-drive window to check itself
 * (re-send its work, or fail it past the stall window), in case its alarm was lost. A job whose tracker never
 * started fails once the stall window has passed.
 */
export async function sweepStalledJobs(
  env: Env,
  db: Database,
  windows: WatchdogWindows,
  now = Date.now(),
): Promise<number> {
  const stale = await db
    .select({ id: jobs.id, userId: jobs.userId, updatedAt: jobs.updatedAt })
    .from(jobs)
    .where(
      and(
        inArray(jobs.status, ["pending", "processing"]),
        lt(jobs.updatedAt, new Date(now - windows.redriveMs)),
      ),
    )
    .orderBy(jobs.updatedAt)
    .limit(BATCH);
  for (const { id, userId, updatedAt } of stale) {
    const state = await trackerFor(env, id).checkStalled();
    if (!state && updatedAt.getTime() < now - windows.stallMs) {
      // Only a row still running is failed: its tracker may have started since the row was read.
      const result = await db
        .update(jobs)
        .set({
          status: "failed",
          errorCode: "JOB_STALLED",
          errorMessage: "The job never started; upload the PDF again or retry it.",
          failedStep: "watchdog",
          updatedAt: new Date(now),
          completedAt: new Date(now),
        })
        .where(and(eq(jobs.id, id), inArray(jobs.status, ["pending", "processing"])))
        .run();
      if (result.meta.changes > 0) await bumpHistoryVersion(env, userId);
    }
  }
  return stale.length;
}

/** Removes jobs deleted before `before`: their R2 objects (unless shared) and then their rows. */
export async function purgeDeletedJobs(env: Env, db: Database, before: number): Promise<PurgeCounts> {
  const expired = await db
    .select()
    .from(jobs)
    .where(and(isNotNull(jobs.deletedAt), lt(jobs.deletedAt, new Date(before))))
    .limit(BATCH);
  const total = { jobs: 0, objects: 0, cacheEntries: 0 };
  for (const job of expired) addCounts(total, await purgeJob(env, db, job));
  return total;
}

/** What purging removed: job rows, R2 objects, result-cache entries. */
export interface PurgeCounts {
  jobs: number;
  objects: number;
  cacheEntries: number;
}

/** Adds `more` into `total` (the counts of one purge into a run's). */
export function addCounts(total: PurgeCounts, more: PurgeCounts): void {
  total.jobs += more.jobs;
  total.objects += more.objects;
  total.cacheEntries += more.cacheEntries;
}

type PurgeEnv = Pick<Env, "PDF_BUCKET" | "RESULT_CACHE" | "JOB_TRACKER" | "HISTORY_VERSION">;

/**
 * Removes a job for good, idempotently: its chunk inputs, scanned pages and results (a prefix another job's
 * row still reads — a job served from the cache — stays), the cache entry announcing this job's results or
 * results that went, its PDF unless another job holds the same one, its tracker's storage, and last its row.
 */
export async function purgeJob(env: PurgeEnv, db: Database, job: Job): Promise<PurgeCounts> {
  const counts = { jobs: 1, objects: 0, cacheEntries: 0 };
  const tracker = trackerFor(env, job.id);
  const cacheKey = (await tracker.snapshot())?.cacheKey ?? null;
  const removed: string[] = [];
  // A job served from cache reads another job's results: each prefix goes once no other row points at it.
  for (const prefix of new Set([jobPrefix(job.id), ...(job.resultPrefix ? [job.resultPrefix] : [])])) {
    const stillUsed = await db.query.jobs.findFirst({
      where: and(eq(jobs.resultPrefix, prefix), ne(jobs.id, job.id)),
      columns: { id: true },
    });
    if (stillUsed) continue;
    counts.objects += await deletePrefix(env.PDF_BUCKET, prefix);
    removed.push(prefix);
  }
  const cached = cacheKey ? await lookupResult(env.RESULT_CACHE, cacheKey) : null;
  if (cacheKey && cached && (cached.jobId === job.id || removed.includes(cached.resultPrefix))) {
    await forgetResult(env.RESULT_CACHE, cacheKey);
    counts.cacheEntries++;
  }
  const sharesPdf = await db.query.jobs.findFirst({
    where: and(eq(jobs.pdfKey, job.pdfKey), ne(jobs.id, job.id)),
    columns: { id: true },
  });
  if (!sharesPdf && (await env.PDF_BUCKET.head(job.pdfKey))) {
    await env.PDF_BUCKET.delete(job.pdfKey);
    counts.objects++;
  }
  await tracker.destroy();
  await db.delete(jobs).where(eq(jobs.id, job.id));
  // A deleted entry had already left the list; only a row removed while listed (account deletion) changes it.
  if (!job.deletedAt) await bumpHistoryVersion(env, job.userId);
  return counts;
}

/**
 * Removes PDFs no job has used since `before` and none is processing (the sentences stay readable; the job
 * can no longer be retried or duplicated), with the scanned pages cut out of them. Returns PDFs removed.
 */
export async function purgeUnusedPdfs(
  env: Pick<Env, "PDF_BUCKET">,
  db: Database,
  before: number,
  now: number,
) {
  const cutoff = new Date(before);
  const other = alias(jobs, "other");
  const stale = await db
    .selectDistinct({ pdfKey: jobs.pdfKey })
    .from(jobs)
    .where(
      and(
        isNull(jobs.pdfPurgedAt),
        lt(jobs.createdAt, cutoff),
        notExists(
          db
            .select({ one: sql`1` })
            .from(other)
            .where(
              and(
                eq(other.pdfKey, jobs.pdfKey),
                or(gte(other.createdAt, cutoff), inArray(other.status, ["pending", "processing"])),
              ),
            ),
        ),
      ),
    )
    .limit(BATCH);
  for (const { pdfKey } of stale) {
    await env.PDF_BUCKET.delete(pdfKey);
    const holders = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.pdfKey, pdfKey));
    for (const { id } of holders) await deletePrefix(env.PDF_BUCKET, `${jobPrefix(id)}/scans`);
    await db
      .update(jobs)
      .set({ pdfPurgedAt: new Date(now) })
      .where(eq(jobs.pdfKey, pdfKey));
  }
  return stale.length;
}
