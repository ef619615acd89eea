import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { jobs } from "../db/schema";
import { bumpHistoryVersion } from "../jobs/history-version/client";
import { findOwnedJob } from "../jobs/job-view";
import { forgetResult, lookupResult } from "../jobs/result-cache";
import { trackerFor } from "../jobs/tracker/client";
import { isTerminal } from "../jobs/tracker/job-state";

/**
 * Soft-deletes a history entry (404 for another user's or an already deleted one): a running job is cancelled
 * first, and a cached result this job produced is withdrawn so no new job starts depending on objects the
 * purge is about to remove. The cron purges the row and its objects after HISTORY_RETENTION_DAYS.
 */
export async function deleteHistoryEntry(
  env: Pick<Env, "JOB_TRACKER" | "RESULT_CACHE" | "HISTORY_VERSION">,
  db: Database,
  userId: string,
  jobId: string,
): Promise<void> {
  const job = await findOwnedJob(db, userId, jobId);
  const tracker = trackerFor(env, job.id);
  const live = await tracker.snapshot();
  if (live && !isTerminal(live.status)) await tracker.cancel();
  if (live?.cacheKey && (await lookupResult(env.RESULT_CACHE, live.cacheKey))?.jobId === job.id) {
    await forgetResult(env.RESULT_CACHE, live.cacheKey);
  }
  await db
    .update(jobs)
    .set({ deletedAt: new Date() })
    .where(and(eq(jobs.id, job.id), isNull(jobs.deletedAt)));
  await bumpHistoryVersion(env, userId);
}
