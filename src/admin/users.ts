import { and, asc, eq, gt, or, type SQL, sql } from "drizzle-orm";
import { forgetUserSessions } from "../auth/session-cache";
import { revokeAllSessions } from "../auth/sessions";
import type { Database } from "../db/client";
import { type UserRole, users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { grantPages } from "../usage/ledger";
import { periodOf } from "../usage/periods";

/** The filters of the admin's user list. */
export interface UserQuery {
  q?: string | undefined;
  role?: UserRole | undefined;
  active?: boolean | undefined;
  /** The email the previous page ended with (the list is sorted by email). */
  after?: string | undefined;
  limit: number;
}

/** Pages charged (net of refunds) or granted this month, per user, from the ledger (qualified: a correlated subquery). */
const monthPages = (period: string, kind: "charged" | "granted") =>
  sql<number>`(SELECT COALESCE(SUM(pages), 0) FROM usage_ledger
    WHERE usage_ledger.user_id = "users"."id" AND period = ${period}
      AND ${kind === "granted" ? sql`kind = 'grant'` : sql`kind != 'grant'`})`;

/** Users as the admin API shows them: account fields and this month's pages, never tokens or sentences. */
async function selectUsers(db: Database, where: SQL | undefined, now: number, limit: number) {
  const period = periodOf(now);
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      role_source: users.roleSource,
      is_active: users.isActive,
      created_at: users.createdAt,
      last_login_at: users.lastLoginAt,
      pages_this_month: monthPages(period, "charged"),
      pages_granted_this_month: monthPages(period, "granted"),
    })
    .from(users)
    .where(where)
    .orderBy(asc(users.email))
    .limit(limit);
  return rows.map((row) => ({
    ...row,
    created_at: row.created_at.toISOString(),
    last_login_at: row.last_login_at?.toISOString() ?? null,
  }));
}

/** Lists and searches users (email or name contains `q`), sorted by email, a page at a time. */
export async function listUsers(db: Database, query: UserQuery, now: number) {
  const pattern = query.q ? `%${query.q.toLowerCase().replace(/[\\%_]/g, "\\$&")}%` : null;
  const where = and(
    pattern
      ? or(
          sql`${users.email} LIKE ${pattern} ESCAPE '\\'`,
          sql`lower(${users.name}) LIKE ${pattern} ESCAPE '\\'`,
        )
      : undefined,
    query.role ? eq(users.role, query.role) : undefined,
    query.active === undefined ? undefined : eq(users.isActive, query.active),
    query.after ? gt(users.email, query.after) : undefined,
  );
  const rows = await selectUsers(db, where, now, query.limit + 1);
  const items = rows.slice(0, query.limit);
  return { items, next_cursor: rows.length > query.limit ? (items.at(-1)?.email ?? null) : null };
}

/** One user as the admin API shows it, or 404. */
export async function findUser(db: Database, userId: string, now: number) {
  const [user] = await selectUsers(db, eq(users.id, userId), now, 1);
  if (!user) throw new ApiError("NOT_FOUND", { detail: `No user ${userId}.` });
  return user;
}

/** Updates one user's row, or 404 when there is no such user. */
async function updateUser(db: Database, userId: string, values: Partial<typeof users.$inferInsert>) {
  const [updated] = await db
    .update(users)
    .set(values)
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (!updated) throw new ApiError("NOT_FOUND", { detail: `No user ${userId}.` });
}

function refuseSelf(actorId: string, userId: string, what: string): void {
  if (actorId === userId) {
    throw new ApiError("CONFLICT", { detail: `Admins cannot ${what} their own account; ask another admin.` });
  }
}

/** Sets a user's role (kept at sign-in, unlike a role from ADMIN_EMAILS); the new plan applies at once. */
export async function changeRole(db: Database, actorId: string, userId: string, role: UserRole, now: number) {
  refuseSelf(actorId, userId, "change the role of");
  await updateUser(db, userId, { role, roleSource: "admin_api" });
  forgetUserSessions(userId);
  return findUser(db, userId, now);
}

/**
 * Deactivates or reactivates an account. Deactivation revokes every session at once (no refresh brings one
 * back) and API keys stop working, since each request checks the account is active.
 */
export async function setActive(db: Database, actorId: string, userId: string, active: boolean, now: number) {
  refuseSelf(actorId, userId, active ? "reactivate" : "deactivate");
  await updateUser(db, userId, { isActive: active });
  forgetUserSessions(userId);
  const revoked = active ? 0 : await revokeAllSessions(db, userId);
  return { user: await findUser(db, userId, now), sessions_revoked: revoked };
}

/** Grants extra pages for this month, written to the usage ledger with the admin who granted them. */
export async function grantUserPages(
  db: Database,
  grant: { actorId: string; userId: string; pages: number; note: string | null },
  now: number,
) {
  await findUser(db, grant.userId, now);
  await grantPages(db, { ...grant, key: `grant:${crypto.randomUUID()}`, now });
  return findUser(db, grant.userId, now);
}
