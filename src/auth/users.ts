import { and, eq, isNull } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { type User, users } from "../db/schema";
import { isUniqueViolation } from "../lib/d1-errors";
import { ApiError } from "../lib/errors";

/** What a sign-in knows about the person: from a verified Google ID token, or typed in for dev login. */
export interface Profile {
  googleSub?: string;
  email: string;
  name: string | null;
  picture: string | null;
}

/**
 * The role a sign-in leaves: an ADMIN_EMAILS address is promoted; an admin promoted by that list and no longer
 * in it goes back to `user`; any other role (the default, or one set through the admin API) is kept.
 */
function roleAtSignIn(
  config: Pick<Config, "ADMIN_EMAILS">,
  email: string,
  current: Pick<User, "role" | "roleSource">,
): Pick<User, "role" | "roleSource"> {
  if (config.ADMIN_EMAILS.includes(email)) return { role: "admin", roleSource: "admin_emails" };
  if (current.roleSource === "admin_emails") return { role: "user", roleSource: "default" };
  return { role: current.role, roleSource: current.roleSource };
}

async function findExisting(db: Database, profile: Profile): Promise<User | undefined> {
  if (profile.googleSub) {
    const bySub = await db.query.users.findFirst({ where: eq(users.googleSub, profile.googleSub) });
    if (bySub) return bySub;
    // A dev-login or pre-Google row with this (Google-verified) email is the same person: link it.
    return db.query.users.findFirst({ where: and(eq(users.email, profile.email), isNull(users.googleSub)) });
  }
  return db.query.users.findFirst({ where: eq(users.email, profile.email) });
}

function conflict(cause: unknown): ApiError {
  return new ApiError("CONFLICT", { detail: "Another account already uses this email address.", cause });
}

/** Creates or updates the user behind a sign-in, records the login time, and returns the row. */
export async function upsertUser(
  db: Database,
  config: Pick<Config, "ADMIN_EMAILS">,
  input: Profile,
): Promise<User> {
  const profile = { ...input, email: input.email.trim().toLowerCase() };
  const now = new Date();
  const existing = await findExisting(db, profile);
  if (existing) return updateAtSignIn(db, config, existing, profile, now);
  try {
    const [created] = await db
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        googleSub: profile.googleSub ?? null,
        email: profile.email,
        name: profile.name,
        picture: profile.picture,
        ...roleAtSignIn(config, profile.email, { role: "user", roleSource: "default" }),
        lastLoginAt: now,
      })
      .returning();
    return created!;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent first sign-in of the same person may have created the row since the lookup: sign in to
    // that one. Only an email held by another account is a conflict.
    const raced = await findExisting(db, profile);
    if (!raced) throw conflict(error);
    return updateAtSignIn(db, config, raced, profile, now);
  }
}

async function updateAtSignIn(
  db: Database,
  config: Pick<Config, "ADMIN_EMAILS">,
  existing: User,
  profile: Profile,
  now: Date,
): Promise<User> {
  try {
    const [updated] = await db
      .update(users)
      .set({
        googleSub: profile.googleSub ?? existing.googleSub,
        email: profile.email,
        name: profile.name ?? existing.name,
        picture: profile.picture ?? existing.picture,
        ...roleAtSignIn(config, profile.email, existing),
        lastLoginAt: now,
      })
      .where(eq(users.id, existing.id))
      .returning();
    return updated!;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(error);
    throw error;
  }
}

/** Refuses a deactivated account. */
export function assertActive(user: Pick<User, "isActive">): void {
  if (!user.isActive) {
    throw new ApiError("ACCOUNT_DISABLED", { detail: "This account has been deactivated." });
  }
}
