import { and, eq, inArray, isNotNull, lt, ne } from "drizzle-orm";
import type { Database } from "../db/client";
import { type Job, jobs } from "../db/schema";
import { log } from "../lib/logger";
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
    .select({ id: jobs.id, updatedAt: jobs.updatedAt })
    .from(jobs)
    .where(
      and(
        inArray(jobs.status, ["pending", "processing"]),
        lt(jobs.updatedAt, new Date(now - windows.redriveMs)),
      ),
    )
    .orderBy(jobs.updatedAt)
    .limit(BATCH);
  for (const { id, updatedAt } of stale) {
    const state = await trackerFor(env, id).checkStalled();
    if (!state && updatedAt.getTime() < now - windows.stallMs) {
      await db
        .update(jobs)
        .set({
          status: "failed",
          errorCode: "JOB_STALLED",
          errorMessage: "The job never started; upload the PDF again or retry it.",
          failedStep: "watchdog",
          updatedAt: new Date(now),
          completedAt: new Date(now),
        })
        .where(eq(jobs.id, id));
    }
  }
  if (stale.length > 0) log("info", "stalled jobs swept", { jobs: stale.length });
  return stale.length;
}

/** Removes jobs deleted before `before`: their R2 objects (unless shared) and then their rows. */
export async function purgeDeletedJobs(env: Env, db: Database, before: number): Promise<number> {
  const expired = await db
    .select()
    .from(jobs)
    .where(and(isNotNull(jobs.deletedAt), lt(jobs.deletedAt, new Date(before))))
    .limit(BATCH);
  for (const job of expired) await purgeJob(env, db, job);
  if (expired.length > 0) log("info", "deleted jobs purged", { jobs: expired.length });
  return expired.length;
}

async function purgeJob(env: Env, db: Database, job: Job): Promise<void> {
  // A job served from cache reads another job's results: each prefix goes once no other row points at it.
  const prefixes = new Set([jobPrefix(job.id), ...(job.resultPrefix ? [job.resultPrefix] : [])]);
  for (const prefix of prefixes) {
    const stillUsed = await db.query.jobs.findFirst({
      where: and(eq(jobs.resultPrefix, prefix), ne(jobs.id, job.id)),
      columns: { id: true },
    });
    if (!stillUsed) await deletePrefix(env.PDF_BUCKET, prefix);
  }
  const sharesPdf = await db.query.jobs.findFirst({
    where: and(eq(jobs.pdfKey, job.pdfKey), ne(jobs.id, job.id)),
    columns: { id: true },
  });
  if (!sharesPdf) await env.PDF_BUCKET.delete(job.pdfKey);
  await trackerFor(env, job.id).destroy();
  await db.delete(jobs).where(eq(jobs.id, job.id));
}
