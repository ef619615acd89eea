import { eq } from "drizzle-orm";
import type { Config, Plan, PlanName } from "../config";
import type { Database } from "../db/client";
import { type UserRole, users } from "../db/schema";
import { ApiError } from "../lib/errors";

// Every role has a plan of the same name: a new role without a plan fails to compile here.
const PLAN_OF_ROLE: Record<UserRole, PlanName> = { user: "user", premium: "premium", admin: "admin" };

/** A plan with its name, as the usage and admin views show it. */
export interface NamedPlan extends Plan {
  name: PlanName;
}

/** The plan of a role, with the environment's overrides applied. */
export function planOf(config: Pick<Config, "PLANS">, role: UserRole): NamedPlan {
  const name = PLAN_OF_ROLE[role];
  return { name, ...config.PLANS[name] };
}

/** The plan of a user, read from the user's current role (one primary-key read). */
export async function userPlan(
  db: Database,
  config: Pick<Config, "PLANS">,
  userId: string,
): Promise<NamedPlan> {
  const row = await db.query.users.findFirst({ columns: { role: true }, where: eq(users.id, userId) });
  if (!row) throw new ApiError("NOT_FOUND", { detail: "The user no longer exists." });
  return planOf(config, row.role);
}
