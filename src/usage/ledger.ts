import { sql } from "drizzle-orm";
import type { Plan } from "../config";
import type { Database } from "../db/client";
import { dayOf, periodOf } from "./periods";

/** What a job asks of its owner's month. */
export interface JobCharge {
  userId: string;
  jobId: string;
  engine: string;
  /** The pages the job should be charged in all: its page count. */
  pages: number;
  /** Unique per attempt: the same prepare delivered twice writes one reservation. */
  key: string;
  plan: Pick<Plan, "pages_per_month" | "gemini_pages_per_month">;
  now: number;
}

/** What a job's reservation found: done (or nothing was missing), or the limit that refused it. */
export type ReserveResult = { ok: true } | { ok: false; limit: "pages" | "gemini"; left: number };

/** Pages a job is charged now: the sum of its reservations and refunds. */
const jobNet = (jobId: string) =>
  sql`(SELECT COALESCE(SUM(pages), 0) FROM usage_ledger WHERE job_id = ${jobId} AND kind != 'grant')`;

/** Pages a month has used (charges) net of grants, and Gemini pages alone. */
const monthUsed = (userId: string, period: string) =>
  sql`(SELECT COALESCE(SUM(CASE WHEN kind = 'grant' THEN -pages ELSE pages END), 0)
       FROM usage_ledger WHERE user_id = ${userId} AND period = ${period})`;
const monthGemini = (userId: string, period: string) =>
  sql`(SELECT COALESCE(SUM(pages), 0) FROM usage_ledger
       WHERE user_id = ${userId} AND period = ${period} AND engine = 'gemini')`;

/**
 * Brings a job's charge up to its page count, if the month allows it, in one statement: the check and the write
 * cannot be split by a concurrent reservation. A job already charged in full (a redelivered message, a retry
 * whose refund never happened) reserves nothing; the unique key makes a repeat of the same attempt a no-op.
 */
export async function reservePages(db: Database, charge: JobCharge): Promise<ReserveResult> {
  const { userId, jobId, plan } = charge;
  const period = periodOf(charge.now);
  const missing = sql`(${charge.pages} - ${jobNet(jobId)})`;
  const result = await db.run(sql`
    INSERT INTO usage_ledger (id, user_id, period, day, kind, pages, engine, job_id, key, created_at)
    SELECT ${crypto.randomUUID()}, ${userId}, ${period}, ${dayOf(charge.now)}, 'reservation', ${missing},
           ${charge.engine}, ${jobId}, ${charge.key}, ${charge.now}
    WHERE ${missing} > 0
      AND ${monthUsed(userId, period)} + ${missing} <= ${plan.pages_per_month}
      AND (${charge.engine} != 'gemini' OR ${monthGemini(userId, period)} + ${missing} <= ${plan.gemini_pages_per_month})
    ON CONFLICT (key) DO NOTHING`);
  if (result.meta.changes === 1) return { ok: true };
  const [state] = await db.all<{ missing: number; used: number; gemini: number; repeated: number }>(sql`
    SELECT ${missing} AS missing, ${monthUsed(userId, period)} AS used, ${monthGemini(userId, period)} AS gemini,
           EXISTS (SELECT 1 FROM usage_ledger WHERE key = ${charge.key}) AS repeated`);
  if (!state || state.repeated || state.missing <= 0) return { ok: true };
  const left = plan.pages_per_month - state.used;
  if (state.used + state.missing > plan.pages_per_month) return { ok: false, limit: "pages", left };
  return { ok: false, limit: "gemini", left: Math.min(left, plan.gemini_pages_per_month - state.gemini) };
}

/** The pages a job is charged now. */
export async function netPages(db: Database, jobId: string): Promise<number> {
  const [row] = await db.all<{ net: number }>(sql`SELECT ${jobNet(jobId)} AS net`);
  return row?.net ?? 0;
}

/**
 * Gives back what an ended job did not process: its charge goes down to `charged`, in the month and on the day
 * of its latest reservation (a retry in a later month reserves there what it gives back). Only while the job's
 * row says it has ended (a job retried since is charged again by its retry), and once per `key`. Returns
 * whether a refund was written.
 */
export async function refundPages(
  db: Database,
  refund: { jobId: string; charged: number; key: string; now: number },
): Promise<boolean> {
  const result = await db.run(sql`
    INSERT INTO usage_ledger (id, user_id, period, day, kind, pages, engine, job_id, key, created_at)
    SELECT ${crypto.randomUUID()}, user_id, MAX(period), MAX(day), 'refund', ${refund.charged} - SUM(pages),
           engine, job_id, ${refund.key}, ${refund.now}
    FROM usage_ledger
    WHERE job_id = ${refund.jobId} AND kind != 'grant'
      AND EXISTS (SELECT 1 FROM jobs WHERE id = ${refund.jobId} AND status IN ('completed', 'failed', 'cancelled'))
    GROUP BY job_id
    HAVING SUM(pages) > ${refund.charged}
    ON CONFLICT (key) DO NOTHING`);
  return result.meta.changes === 1;
}

/** Adds pages to a user's allowance for the month of `now` (an admin's grant); once per `key`. */
export async function grantPages(
  db: Database,
  grant: { userId: string; pages: number; actorId: string; note: string | null; key: string; now: number },
): Promise<void> {
  await db.run(sql`
    INSERT INTO usage_ledger (id, user_id, period, day, kind, pages, actor_id, note, key, created_at)
    VALUES (${crypto.randomUUID()}, ${grant.userId}, ${periodOf(grant.now)}, ${dayOf(grant.now)}, 'grant',
            ${grant.pages}, ${grant.actorId}, ${grant.note}, ${grant.key}, ${grant.now})
    ON CONFLICT (key) DO NOTHING`);
}
