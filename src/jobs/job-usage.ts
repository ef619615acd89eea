import { type Config, requireConfig } from "../config";
import { createDb, type Database } from "../db/client";
import type { Job } from "../db/schema";
import type { DomainEvent } from "../lib/domain-events";
import { ApiError } from "../lib/errors";
import { JobError } from "../lib/job-error";
import { resetSentence, untilReset } from "../usage/admission";
import { type JobCharge, netPages, refundPages, reservePages } from "../usage/ledger";
import { type NamedPlan, userPlan } from "../usage/plans";
import { trackerFor } from "./tracker/client";
import { isTerminal, type JobState } from "./tracker/job-state";

/**
 * Reserves a job's pages against its owner's month once its page count is known, before any chunk is queued:
 * a PDF over the plan's `max_pages_per_pdf` fails PDF_TOO_MANY_PAGES, one over what is left of the month
 * QUOTA_EXCEEDED with the reset date. `attempt` tells runs apart (a retried job reserves again what it was
 * refunded); the same attempt delivered twice reserves once.
 */
export async function reserveJobPages(
  env: Env,
  config: Config,
  job: Job,
  pageCount: number,
  attempt: number,
) {
  const db = createDb(env.DB);
  const plan = await userPlan(db, config, job.userId);
  if (pageCount > plan.max_pages_per_pdf) {
    throw new JobError(
      "PDF_TOO_MANY_PAGES",
      `This PDF has ${pageCount} pages; the ${plan.name} plan processes PDFs of at most ${plan.max_pages_per_pdf} pages.`,
    );
  }
  const key = `reserve:${job.id}:${attempt}`;
  const charge = { userId: job.userId, jobId: job.id, engine: job.engine, pages: pageCount };
  await chargeOrFail(db, plan, { ...charge, key, now: Date.now() });
  // Cancelled while it was being prepared: its end was settled before this reservation existed.
  const state = await trackerFor(env, job.id).snapshot();
  if (state && isTerminal(state.status)) {
    await refundPages(db, {
      jobId: job.id,
      charged: chargedPages(state),
      key: `refund:${key}`,
      now: Date.now(),
    });
  }
}

/**
 * Charges a retried job again for what its failure or cancellation refunded, before its chunks are queued
 * again. Over the quota, the job fails again with QUOTA_EXCEEDED and the retry answers 429.
 */
export async function reserveResumedPages(env: Env, state: JobState): Promise<void> {
  if (!state.prepared || state.pageCount === null) return; // prepare runs again and reserves then
  const db = createDb(env.DB);
  const plan = await userPlan(db, requireConfig(env), state.userId);
  const charge = { userId: state.userId, jobId: state.jobId, engine: state.engine, pages: state.pageCount };
  try {
    await chargeOrFail(db, plan, {
      ...charge,
      key: `resume:${state.jobId}:${state.updatedAt}`,
      now: Date.now(),
    });
  } catch (error) {
    if (!(error instanceof JobError)) throw error;
    await trackerFor(env, state.jobId).fail({
      error_code: error.code,
      message: error.message,
      failed_step: "prepare",
    });
    throw new ApiError("QUOTA_EXCEEDED", { detail: error.message, headers: untilReset(Date.now()) });
  }
}

async function chargeOrFail(db: Database, plan: NamedPlan, charge: Omit<JobCharge, "plan">): Promise<void> {
  const result = await reservePages(db, { ...charge, plan });
  if (result.ok) return;
  const pages = `This PDF has ${charge.pages} pages`;
  const message =
    result.limit === "pages"
      ? `${pages} but ${result.left} of the ${plan.name} plan's pages are left this month.`
      : `${pages} but ${result.left} Gemini pages are left this month; process it with the offline engine or wait.`;
  throw new JobError("QUOTA_EXCEEDED", `${message} ${resetSentence(charge.now)}`);
}

/** The pages an ended job is charged: all of a completed one, the processed share (rounded up) of the rest. */
export function chargedPages(state: JobState): number {
  const pages = state.pageCount ?? 0;
  if (state.status === "completed") return pages;
  if (!state.prepared || state.chunksTotal === 0) return 0;
  return Math.min(pages, Math.ceil((pages * state.chunksDone) / state.chunksTotal));
}

/**
 * Reaction to `job.finished`: refunds what a failed or cancelled job did not process. Idempotent: the refund's
 * key is the event id, and it only lowers the job's charge to what the job's current state says. A job retried
 * since is left alone (its retry charged it again, and its own end settles it).
 */
export async function settleJobUsage(event: DomainEvent, context: { env: Env }): Promise<void> {
  if (event.type !== "job.finished") return;
  const tracker = trackerFor(context.env, event.jobId);
  const state = await tracker.snapshot();
  if (!state || !isTerminal(state.status)) return;
  const db = createDb(context.env.DB);
  const charged = chargedPages(state);
  const key = `refund:${event.id}`;
  if (await refundPages(db, { jobId: event.jobId, charged, key, now: Date.now() })) return;
  if ((await netPages(db, event.jobId)) <= charged) return;
  // Still charged more: the job's D1 row does not show its end yet (the tracker writes it just after the event).
  const again = await tracker.snapshot();
  if (again && isTerminal(again.status)) throw new Error("the job's row has not caught up with its end yet");
}
