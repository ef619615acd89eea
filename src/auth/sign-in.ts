import { eq } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { type User, users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { signAccessToken } from "./access-token";
import { grantedGoogleScopes } from "./google/credentials";
import { GOOGLE_DRIVE_FILE_SCOPE, GOOGLE_SHEETS_SCOPE } from "./google/scopes";
import { createSession } from "./sessions";
import { assertActive } from "./users";

/** The user as the API shows it (snake_case, ISO timestamps). */
export function toUserResponse(user: User, hasSheetsAccess: boolean) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    picture: user.picture,
    role: user.role,
    created_at: user.createdAt.toISOString(),
    last_login_at: user.lastLoginAt?.toISOString() ?? null,
    has_sheets_access: hasSheetsAccess,
  };
}

/** Whether the user's stored Google grant can create a spreadsheet (`drive.file` or `spreadsheets`). */
export async function hasSheetsAccess(db: Database, userId: string): Promise<boolean> {
  const scopes = await grantedGoogleScopes(db, userId);
  return scopes !== null && (scopes.has(GOOGLE_DRIVE_FILE_SCOPE) || scopes.has(GOOGLE_SHEETS_SCOPE));
}

/** The signed-in user as the API shows it (`GET /auth/me`). */
export async function describeUser(db: Database, userId: string) {
  const user = await db.query.users.findFirst({ where: eq(users.id, userId) });
  if (!user) throw new ApiError("NOT_FOUND", { detail: "The user no longer exists." });
  return toUserResponse(user, await hasSheetsAccess(db, userId));
}

/** The body of every token response: a new access token, a refresh token, and the user. */
export async function tokenResponse(
  db: Database,
  config: Pick<Config, "JWT_SECRET" | "ACCESS_TOKEN_TTL_SECONDS">,
  user: User,
  session: { sessionId: string; refreshToken: string },
) {
  return {
    access_token: await signAccessToken(config, { userId: user.id, sessionId: session.sessionId }),
    refresh_token: session.refreshToken,
    token_type: "Bearer" as const,
    expires_in: config.ACCESS_TOKEN_TTL_SECONDS,
    user: toUserResponse(user, await hasSheetsAccess(db, user.id)),
  };
}

/** Opens a session for a signed-in user (refusing deactivated accounts) and returns the token response. */
export async function startSession(db: Database, config: Config, user: User, userAgent: string | undefined) {
  assertActive(user);
  const session = await createSession(db, user.id, userAgent);
  return tokenResponse(db, config, user, session);
}
