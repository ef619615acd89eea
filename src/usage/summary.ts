import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { daysBack, periodOf, periodReset } from "./periods";
import type { NamedPlan } from "./plans";

/** A user's month in numbers: pages charged (of which still reserved by running jobs), granted, Gemini pages. */
export interface MonthTotals {
  charged: number;
  reserved: number;
  granted: number;
  gemini: number;
}

/** The month's totals, read in one statement. */
export async function monthTotals(db: Database, userId: string, period: string): Promise<MonthTotals> {
  const [row] = await db.all<MonthTotals>(sql`
    SELECT COALESCE(SUM(CASE WHEN kind != 'grant' THEN pages END), 0) AS charged,
           COALESCE(SUM(CASE WHEN kind != 'grant' AND job_id IN (
             SELECT id FROM jobs WHERE user_id = ${userId} AND status IN ('pending', 'processing')
           ) THEN pages END), 0) AS reserved,
           COALESCE(SUM(CASE WHEN kind = 'grant' THEN pages END), 0) AS granted,
           COALESCE(SUM(CASE WHEN engine = 'gemini' THEN pages END), 0) AS gemini
    FROM usage_ledger WHERE user_id = ${userId} AND period = ${period}`);
  return row ?? { charged: 0, reserved: 0, granted: 0, gemini: 0 };
}

/** Pages a user may still start this month, overall and with Gemini. */
export function pagesLeft(plan: NamedPlan, totals: MonthTotals) {
  const allowance = plan.pages_per_month + totals.granted;
  const left = Math.max(0, allowance - totals.charged);
  return {
    allowance,
    left,
    geminiLeft: Math.min(left, Math.max(0, plan.gemini_pages_per_month - totals.gemini)),
  };
}

/** Pages charged per day over the last `days` days (refunds count on their reservation's day), oldest first. */
export async function dailyPages(db: Database, userId: string, now: number, days = 30) {
  const from = daysBack(now, days);
  const rows = await db.all<{ day: string; pages: number }>(sql`
    SELECT day, SUM(pages) AS pages FROM usage_ledger
    WHERE user_id = ${userId} AND kind != 'grant' AND day >= ${from}
    GROUP BY day`);
  const byDay = new Map(rows.map((row) => [row.day, row.pages]));
  return Array.from({ length: days }, (_, offset) => {
    const day = daysBack(now, days - offset);
    return { day, pages: byDay.get(day) ?? 0 };
  });
}

/** The quota part of `GET /usage`: this month's pages, Gemini pages, the reset, and the last 30 days. */
export async function pageUsage(db: Database, plan: NamedPlan, userId: string, now: number) {
  const period = periodOf(now);
  const totals = await monthTotals(db, userId, period);
  const { allowance, left, geminiLeft } = pagesLeft(plan, totals);
  return {
    period,
    resets_at: periodReset(now).toISOString(),
    pages: {
      quota: plan.pages_per_month,
      granted: totals.granted,
      allowance,
      used: totals.charged - totals.reserved,
      reserved: totals.reserved,
      left,
    },
    gemini_pages: { quota: plan.gemini_pages_per_month, used: totals.gemini, left: geminiLeft },
    daily_pages: await dailyPages(db, userId, now),
  };
}
