import { and, eq, inArray } from "drizzle-orm";
import { revokeAllApiKeys } from "../../auth/api-keys";
import { revokeGoogleGrant } from "../../auth/google/credentials";
import { revokeAllSessions } from "../../auth/sessions";
import type { Database } from "../../db/client";
import { jobs, users } from "../../db/schema";
import { deletePrefix, jobPrefix } from "../../jobs/storage";
import { trackerFor } from "../../jobs/tracker/client";
import { describeError, log } from "../../lib/logger";
import type { EraseResult, SectionContext } from "../data-section";
import { DATA_SECTIONS, findSection } from "../registry";

/** What a deletion carries from step to step (the row's columns). */
export interface DeletionState {
  cancelledJobs: string[];
  googleRevocation: string | null;
}

/** One step of a deletion; `finalAttempt` is true on the message's last delivery. */
type Step = (
  ctx: SectionContext,
  userId: string,
  state: DeletionState,
  finalAttempt: boolean,
) => Promise<EraseResult>;

/**
 * Blocks the account: sign-in refused, every session and API key revoked. Done when the deletion is asked
 * for, and again as the first step, in case the request stopped between recording the deletion and this.
 */
export async function blockAccount(db: Database, userId: string): Promise<number> {
  await db.update(users).set({ isActive: false }).where(eq(users.id, userId));
  return (await revokeAllSessions(db, userId)) + (await revokeAllApiKeys(db, userId));
}

const block: Step = async ({ db }, userId) => ({ counts: { revoked: await blockAccount(db, userId) } });

/** Stops the user's pending and processing jobs, so no consumer writes for them while they are erased. */
const cancelJobs: Step = async ({ env, db }, userId, state) => {
  const running = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.userId, userId), inArray(jobs.status, ["pending", "processing"])));
  for (const { id } of running) {
    await trackerFor(env, id).cancel();
    if (!state.cancelledJobs.includes(id)) state.cancelledJobs.push(id);
  }
  return { counts: { jobs: running.length } };
};

/**
 * Revokes the Google grant before its tokens are erased. Google failing is retried with the message; on the
 * last delivery the failure is recorded and the erasure goes on (the tokens are deleted here all the same).
 */
const revokeGoogle: Step = async ({ db, config }, userId, state, finalAttempt) => {
  try {
    state.googleRevocation = await revokeGoogleGrant(db, config, userId);
  } catch (error) {
    if (!finalAttempt) throw error;
    log("error", "google grant revocation failed for good", { user_id: userId, ...describeError(error) });
    state.googleRevocation = "failed";
  }
  return { counts: {} };
};

/** A cancelled job's chunk in flight may still have written results after its job was purged: remove them. */
const sweepCancelled: Step = async ({ env }, _userId, state) => {
  let objects = 0;
  for (const id of state.cancelledJobs) {
    objects += await deletePrefix(env.PDF_BUCKET, jobPrefix(id));
    await trackerFor(env, id).destroy();
  }
  return { counts: { objects } };
};

const FIXED_STEPS: Record<string, Step> = {
  block,
  cancel_jobs: cancelJobs,
  revoke_google: revokeGoogle,
  sweep_cancelled: sweepCancelled,
};

/** Every step in order: block the account, stop the jobs, revoke Google, erase each registry section, sweep late writes. */
const DELETION_STEPS: readonly string[] = [
  "block",
  "cancel_jobs",
  "revoke_google",
  ...DATA_SECTIONS.map((section) => `erase:${section.name}`),
  "sweep_cancelled",
  "done",
];

/** Where a new deletion starts. */
export const FIRST_STEP = "block";

/** The step after `step` ("done" after the last). */
export function nextStep(step: string): string {
  const index = DELETION_STEPS.indexOf(step);
  return DELETION_STEPS[index + 1] ?? "done";
}

/** Runs one step by name. */
export function runStep(
  name: string,
  ctx: SectionContext,
  userId: string,
  state: DeletionState,
  finalAttempt: boolean,
): Promise<EraseResult> {
  const fixed = FIXED_STEPS[name];
  if (fixed) return fixed(ctx, userId, state, finalAttempt);
  const section = name.startsWith("erase:") ? findSection(name.slice("erase:".length)) : undefined;
  if (!section) throw new Error(`unknown deletion step ${name}`);
  return section.erase(ctx, userId);
}
