import { and, asc, eq, isNull, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { createDb } from "../db/client";
import { type Batch, batches, jobs } from "../db/schema";
import { trackerFor } from "../jobs/tracker/client";
import { isTerminal } from "../jobs/tracker/job-state";
import { type DomainEvent, domainEventId, publishEvent } from "../lib/domain-events";
import { log } from "../lib/logger";

type BatchEnv = Pick<Env, "JOB_TRACKER" | "EVENT_BUS">;

/** A batch still `creating` this long after it was made belongs to a request that died: it is opened. */
const ABANDONED_CREATION_MS = 10 * 60 * 1000;
/** A running batch not settled for this long is recounted by the cron (a reaction that kept failing). */
const RECOUNT_AFTER_MS = 15 * 60 * 1000;
/** A completed batch whose event was not accepted this long after is announced again by the cron. */
const REANNOUNCE_AFTER_MS = 5 * 60 * 1000;
/** Batches the cron looks at per kind and run. */
const SWEEP_LIMIT = 20;

/**
 * Completes the batch when every job has ended. The conditional update lets exactly one caller flip it, and
 * only that caller announces `batch.finished`, so the event goes out once however often this runs. Returns
 * true when this call completed the batch.
 */
export async function settleBatch(env: BatchEnv, db: Database, batchId: string): Promise<boolean> {
  const batch = await db.query.batches.findFirst({ where: eq(batches.id, batchId) });
  if (batch?.status !== "processing") return false;
  const now = new Date();
  if (!(await allJobsEnded(env, db, batchId))) {
    await db.update(batches).set({ updatedAt: now }).where(eq(batches.id, batchId));
    return false;
  }
  const [flipped] = await db
    .update(batches)
    .set({ status: "completed", completedAt: now, updatedAt: now })
    .where(and(eq(batches.id, batchId), eq(batches.status, "processing")))
    .returning();
  if (!flipped) return false;
  await announceBatch(env, db, flipped);
  return true;
}

/**
 * Whether every job of the batch has ended. A job its row shows running is asked its tracker (the row may lag
 * behind a job that just ended), one at a time: the first still running settles it, so a batch's jobs
 * finishing one after another cost one tracker call each, not one per job of the batch.
 */
async function allJobsEnded(env: BatchEnv, db: Database, batchId: string): Promise<boolean> {
  const rows = await db
    .select({ id: jobs.id, status: jobs.status })
    .from(jobs)
    .where(eq(jobs.batchId, batchId));
  for (const row of rows) {
    if (isTerminal(row.status)) continue;
    const live = await trackerFor(env, row.id).snapshot();
    if (!live || !isTerminal(live.status)) return false;
  }
  return true;
}

/** Publishes `batch.finished` (its id is the batch and its completion time) and records that it went out. */
async function announceBatch(env: BatchEnv, db: Database, batch: Batch): Promise<void> {
  const at = (batch.completedAt ?? batch.updatedAt).getTime();
  const event: DomainEvent = {
    type: "batch.finished",
    id: domainEventId("batch.finished", batch.id, at),
    batchId: batch.id,
    userId: batch.userId,
    at,
  };
  await publishEvent(env, event);
  await db.update(batches).set({ eventPublishedAt: new Date() }).where(eq(batches.id, batch.id));
}

/** The reaction to `job.finished`: the job's batch, if it has one, is recounted. Idempotent. */
export async function settleBatchOfJob(event: DomainEvent, { env }: { env: Env }): Promise<void> {
  if (event.type !== "job.finished") return;
  const db = createDb(env.DB);
  const job = await db.query.jobs.findFirst({ where: eq(jobs.id, event.jobId), columns: { batchId: true } });
  if (job?.batchId) await settleBatch(env, db, job.batchId);
}

/**
 * The cron's part, so no batch waits forever: batches left `creating` by a request that died are opened,
 * running batches not recounted for a while are recounted, and a `batch.finished` whose send failed goes
 * out again (same event id: reactions ignore a repeat).
 */
export async function sweepBatches(env: BatchEnv, db: Database, now: number): Promise<number> {
  const abandoned = await db
    .update(batches)
    .set({ status: "processing", updatedAt: new Date(0) })
    .where(and(eq(batches.status, "creating"), lt(batches.createdAt, new Date(now - ABANDONED_CREATION_MS))))
    .returning({ id: batches.id });
  const stale = await db
    .select({ id: batches.id })
    .from(batches)
    .where(and(eq(batches.status, "processing"), lt(batches.updatedAt, new Date(now - RECOUNT_AFTER_MS))))
    .orderBy(asc(batches.updatedAt))
    .limit(SWEEP_LIMIT);
  for (const { id } of stale) await settleBatch(env, db, id);
  const unannounced = await db
    .select()
    .from(batches)
    .where(
      and(
        eq(batches.status, "completed"),
        isNull(batches.eventPublishedAt),
        lt(batches.completedAt, new Date(now - REANNOUNCE_AFTER_MS)),
      ),
    )
    .limit(SWEEP_LIMIT);
  for (const batch of unannounced) await announceBatch(env, db, batch);
  const swept = abandoned.length + stale.length + unannounced.length;
  if (swept > 0)
    log("info", "batches swept", {
      opened: abandoned.length,
      recounted: stale.length,
      announced: unannounced.length,
    });
  return swept;
}
