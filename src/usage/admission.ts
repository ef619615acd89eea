import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { jobs } from "../db/schema";
import type { EngineName } from "../engines/types";
import { ApiError } from "../lib/errors";
import { dayOf, periodReset } from "./periods";
import type { NamedPlan } from "./plans";
import { type MonthTotals, pagesLeft } from "./summary";

/** The engine a job would run, as chosen from the settings and the server's configuration. */
export interface EngineOption {
  engine: EngineName;
  model: string | null;
}

/** The sentence that ends every quota refusal: when the month starts afresh. */
export function resetSentence(now: number): string {
  return `The quota resets on ${dayOf(periodReset(now))} (UTC).`;
}

/**
 * The engine a job of this plan may run. Gemini needs Gemini pages left this month: `auto` falls back to the
 * offline engine without them; asking for `gemini` by name is refused (403 PLAN_LIMIT on a plan without
 * Gemini, 429 QUOTA_EXCEEDED once its Gemini pages are used up).
 */
export async function admitEngine(input: {
  plan: NamedPlan;
  requested: string;
  choice: EngineOption;
  now: number;
  /** The user's month, read only if the choice is Gemini. */
  month: () => Promise<MonthTotals>;
}): Promise<EngineOption> {
  const { plan, choice, now } = input;
  if (choice.engine !== "gemini") return choice;
  const { geminiLeft } = pagesLeft(plan, await input.month());
  if (geminiLeft > 0) return choice;
  if (input.requested === "auto") return { engine: "offline", model: null };
  if (plan.gemini_pages_per_month === 0) {
    throw new ApiError("PLAN_LIMIT", {
      detail: `The ${plan.name} plan runs the offline engine only; choose engine auto or offline.`,
    });
  }
  throw quotaExceeded(
    now,
    `Your Gemini pages for this month (${plan.gemini_pages_per_month}) are used up; choose engine auto or offline.`,
  );
}

/**
 * Whether the user may start one more job that will need processing (a cache hit needs none): not with the
 * month's pages used up (429 QUOTA_EXCEEDED with the reset date), nor with `max_concurrent_jobs` already
 * running (429 TOO_MANY_ACTIVE_JOBS). A job larger than what is left fails later, at prepare, once its pages
 * are counted.
 */
export async function admitNewJob(
  db: Database,
  input: { plan: NamedPlan; userId: string; now: number; month: MonthTotals },
): Promise<void> {
  const { plan, userId, now } = input;
  const { left, allowance } = pagesLeft(plan, input.month);
  if (left <= 0) {
    throw quotaExceeded(now, `All ${allowance} pages of this month are used (${plan.name} plan).`);
  }
  const active = await db.$count(
    jobs,
    and(eq(jobs.userId, userId), inArray(jobs.status, ["pending", "processing"]), isNull(jobs.deletedAt)),
  );
  if (active >= plan.max_concurrent_jobs) {
    throw new ApiError("TOO_MANY_ACTIVE_JOBS", {
      detail: `The ${plan.name} plan runs at most ${plan.max_concurrent_jobs} jobs at once; wait for one to finish or cancel one.`,
      headers: { "Retry-After": "30" },
    });
  }
}

function quotaExceeded(now: number, detail: string): ApiError {
  return new ApiError("QUOTA_EXCEEDED", {
    detail: `${detail} ${resetSentence(now)}`,
    headers: untilReset(now),
  });
}

/** The `Retry-After` of a month's quota used up: the seconds until it resets. */
export function untilReset(now: number): { "Retry-After": string } {
  return { "Retry-After": String(Math.ceil((periodReset(now).getTime() - now) / 1000)) };
}
