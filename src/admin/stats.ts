import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import type { JobStatus } from "../db/schema";
import { daysBack, periodOf } from "../usage/periods";

const DAY = sql`strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')`;
/** Job durations kept for the percentiles: the most recent ones, enough for a stable p95. */
const MAX_DURATIONS = 10_000;

/** The value at percentile `p` (nearest rank) of sorted values; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

/** Jobs created per day and status over the window. */
function jobsPerDay(db: Database, from: number) {
  return db.all<{ day: string; status: JobStatus; jobs: number }>(sql`
    SELECT ${DAY} AS day, status, COUNT(*) AS jobs FROM jobs
    WHERE created_at >= ${from} GROUP BY day, status ORDER BY day, status`);
}

/** p50 and p95 of the time a completed job took per 100 pages (from its start, or its creation). */
async function durationPer100Pages(db: Database, from: number) {
  const rows = await db.all<{ ms: number }>(sql`
    SELECT (completed_at - COALESCE(started_at, created_at)) * 100.0 / page_count AS ms FROM jobs
    WHERE status = 'completed' AND cached = 0 AND page_count > 0 AND completed_at IS NOT NULL
      AND created_at >= ${from}
    ORDER BY created_at DESC LIMIT ${MAX_DURATIONS}`);
  const sorted = rows.map((row) => row.ms).sort((a, b) => a - b);
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    jobs: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
  };
}

/** Failed jobs per error code, as a share of the jobs that ended (completed, failed or cancelled). */
async function failuresByCode(db: Database, from: number) {
  const [ended] = await db.all<{ n: number }>(sql`
    SELECT COUNT(*) AS n FROM jobs
    WHERE status IN ('completed', 'failed', 'cancelled') AND created_at >= ${from}`);
  const rows = await db.all<{ error_code: string; jobs: number }>(sql`
    SELECT COALESCE(error_code, 'UNKNOWN') AS error_code, COUNT(*) AS jobs FROM jobs
    WHERE status = 'failed' AND created_at >= ${from} GROUP BY error_code ORDER BY jobs DESC`);
  const total = ended?.n ?? 0;
  return {
    ended_jobs: total,
    by_code: rows.map((row) => ({ ...row, rate: total === 0 ? 0 : row.jobs / total })),
  };
}

/** Gemini tokens (input and output) and calls per day, from the jobs' recorded usage. */
function geminiPerDay(db: Database, from: number) {
  return db.all<{ day: string; input_tokens: number; output_tokens: number; calls: number }>(sql`
    SELECT ${DAY} AS day,
           COALESCE(SUM(json_extract(usage, '$.input_tokens')), 0) AS input_tokens,
           COALESCE(SUM(json_extract(usage, '$.output_tokens')), 0) AS output_tokens,
           COALESCE(SUM(json_extract(usage, '$.calls')), 0) AS calls
    FROM jobs WHERE engine = 'gemini' AND usage IS NOT NULL AND created_at >= ${from}
    GROUP BY day ORDER BY day`);
}

/** The users who were charged the most pages this month (net of refunds). */
function topUsers(db: Database, period: string, limit: number) {
  return db.all<{ user_id: string; email: string; role: string; pages: number }>(sql`
    SELECT l.user_id, u.email, u.role, SUM(l.pages) AS pages FROM usage_ledger l
    JOIN users u ON u.id = l.user_id
    WHERE l.period = ${period} AND l.kind != 'grant'
    GROUP BY l.user_id HAVING SUM(l.pages) > 0 ORDER BY pages DESC, u.email LIMIT ${limit}`);
}

/** The operator's numbers over the last `days` days (UTC), computed from D1. */
export async function adminStats(db: Database, now: number, days: number) {
  const from = Date.parse(`${daysBack(now, days)}T00:00:00Z`);
  const period = periodOf(now);
  const [perDay, duration, failures, gemini, top] = await Promise.all([
    jobsPerDay(db, from),
    durationPer100Pages(db, from),
    failuresByCode(db, from),
    geminiPerDay(db, from),
    topUsers(db, period, 10),
  ]);
  return {
    from: new Date(from).toISOString(),
    days,
    jobs_per_day: perDay,
    duration_per_100_pages: duration,
    failures: failures,
    gemini_per_day: gemini,
    top_users: { period, users: top },
  };
}
