import { describeUser } from "../../auth/sign-in";
import { userSettings, users } from "../../db/schema";
import { forgetUserBudgets } from "../../rate-limit/budgets";
import { getUserSettings } from "../../settings/user-settings";
import type { DataSection } from "../data-section";
import { eraseRows } from "./user-rows";

/** The user row: `GET /auth/me` as `profile.json`; deleted last, when nothing else refers to it. */
export const profileSection: DataSection = {
  name: "profile",
  tables: ["users"],
  retains: [
    {
      table: "account_deletions",
      why: "the record of the erasure itself: the random user id, the steps done and counts, no personal field",
    },
  ],
  file: {
    name: "profile.json",
    describe: "Your account as GET /api/v1/auth/me shows it: id, email, name, picture, role, dates.",
    rows: ({ db }, userId) => describeUser(db, userId),
  },
  erase: eraseRows(users, users.id),
};

/** The user's settings (`GET /settings`) as `settings.json`. */
export const settingsSection: DataSection = {
  name: "settings",
  tables: ["user_settings"],
  file: {
    name: "settings.json",
    describe: "Your settings as GET /api/v1/settings shows them.",
    rows: ({ db }, userId) => getUserSettings(db, userId),
  },
  erase: eraseRows(userSettings, userSettings.userId),
};

/** The user's rate-limit counters, kept in a RateLimiter Durable Object named after the user. */
export const rateLimitSection: DataSection = {
  name: "rate_limits",
  tables: [],
  async erase({ env }, userId) {
    await forgetUserBudgets(env, userId);
    return { counts: { durable_objects: 1 } };
  },
};
