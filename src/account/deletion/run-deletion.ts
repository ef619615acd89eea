import { eq } from "drizzle-orm";
import type { Config } from "../../config";
import { createDb, type Database } from "../../db/client";
import { type AccountDeletion, accountDeletions } from "../../db/schema";
import { log } from "../../lib/logger";
import { sendAccountMessage } from "../producer";
import { type DeletionState, nextStep, runStep } from "./steps";

/** Slices of a sliced step (jobs are purged a slice at a time) run per delivery before a fresh message goes on. */
const SLICES_PER_DELIVERY = 4;

type Progress = Pick<AccountDeletion, "step" | "counts"> & DeletionState;

function save(db: Database, userId: string, changes: Partial<typeof accountDeletions.$inferInsert>) {
  return db
    .update(accountDeletions)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(accountDeletions.userId, userId));
}

/** Adds a step's counts into the deletion's, keyed `<step>.<kind>` ("erase:jobs.objects"). */
function addCounts(total: Record<string, number>, step: string, counts: Record<string, number>) {
  for (const [kind, value] of Object.entries(counts)) {
    const key = `${step}.${kind}`;
    total[key] = (total[key] ?? 0) + value;
  }
}

/**
 * Runs (or resumes) an account deletion from the step its row records, saving after every step, so a
 * redelivered message goes on where the last one stopped. A failure is recorded on the row and rethrown for
 * the queue to retry; on the last delivery the row turns `failed`, and the cron re-drives it later.
 */
export async function runDeletion(
  env: Env,
  config: Config,
  userId: string,
  finalAttempt: boolean,
  now = Date.now(),
) {
  const db = createDb(env.DB);
  const row = await db.query.accountDeletions.findFirst({ where: eq(accountDeletions.userId, userId) });
  if (!row || row.status === "completed") return;
  const waitMs = row.eraseAfter.getTime() - now;
  if (waitMs > 0) {
    // Delivered early (the cron, or a retry): erasing before every cached session lapsed would let one through.
    await sendAccountMessage(env, { type: "account.delete", userId }, Math.ceil(waitMs / 1000));
    return;
  }
  await save(db, userId, {
    status: "running",
    attempts: row.attempts + 1,
    errorMessage: null,
  });
  const progress: Progress = {
    step: row.step,
    counts: { ...row.counts },
    cancelledJobs: [...row.cancelledJobs],
    googleRevocation: row.googleRevocation,
  };
  try {
    await runSteps(env, db, config, userId, progress, finalAttempt, now);
  } catch (error) {
    const message =
      error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : "unknown error";
    await save(db, userId, { status: finalAttempt ? "failed" : "running", errorMessage: message });
    throw error;
  }
}

async function runSteps(
  env: Env,
  db: Database,
  config: Config,
  userId: string,
  progress: Progress,
  finalAttempt: boolean,
  now: number,
) {
  const ctx = { env, db, config, now };
  let slices = 0;
  while (progress.step !== "done") {
    const result = await runStep(progress.step, ctx, userId, progress, finalAttempt);
    addCounts(progress.counts, progress.step, result.counts);
    if (!result.more) progress.step = nextStep(progress.step);
    await save(db, userId, progress);
    if (result.more && ++slices >= SLICES_PER_DELIVERY) {
      await sendAccountMessage(env, { type: "account.delete", userId });
      return;
    }
  }
  await save(db, userId, { status: "completed", completedAt: new Date(), errorMessage: null });
  log("info", "account deleted", {
    user_id: userId,
    counts: progress.counts,
    google: progress.googleRevocation,
  });
}
