import type { AuthEnv } from "../../middleware/app-env";
import { peekUploadBudget } from "../../rate-limit/budgets";
import { planOf } from "../../usage/plans";
import { pageUsage } from "../../usage/summary";
import type { AppRouteHandler } from "../router";
import type * as routes from "./usage.routes";

const at = (now: number, seconds: number) => new Date(now + seconds * 1000).toISOString();

/** `GET /usage`: the caller's plan, month and windows; the requests window is this request's own decision. */
export const getOne: AppRouteHandler<typeof routes.getOne, AuthEnv> = async (c) => {
  const now = Date.now();
  const { userId, role } = c.var.principal;
  // The role authentication just read: the plan that also set this request's own requests budget.
  const plan = planOf(c.var.config, role);
  const [pages, uploads] = await Promise.all([
    pageUsage(c.var.db, plan, userId, now),
    peekUploadBudget(c.env, userId, plan.uploads_per_hour),
  ]);
  const requests = c.var.rateLimit;
  return c.json(
    {
      plan,
      ...pages,
      requests: {
        limit: plan.requests_per_minute,
        remaining: requests?.remaining ?? 0,
        resets_at: at(now, requests?.resetSeconds ?? 0),
      },
      uploads: {
        limit: uploads.limit,
        remaining: uploads.remaining,
        resets_at: at(now, uploads.resetSeconds),
      },
    },
    200,
  );
};
