import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { refreshTokens, sessions, users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { randomToken, sha256 } from "./encoding";
import { forgetSession } from "./session-cache";

/** How long a session lives without being refreshed. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const MAX_USER_AGENT_LENGTH = 256;

/** Starts a session (a refresh-token family) for a user and returns its first refresh token. */
export async function createSession(db: Database, userId: string, userAgent: string | undefined) {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const sessionId = crypto.randomUUID();
  const refreshToken = randomToken();
  await db.batch([
    db.insert(sessions).values({
      id: sessionId,
      userId,
      userAgent: userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      lastUsedAt: now,
      expiresAt,
    }),
    db.insert(refreshTokens).values({
      id: crypto.randomUUID(),
      sessionId,
      tokenHash: await sha256(refreshToken),
      expiresAt,
    }),
  ]);
  return { sessionId, refreshToken };
}

/**
 * Exchanges a refresh token for a new one in the same session. A token that was already rotated revokes the
 * whole session: either it was stolen, or two clients raced, and the safe answer to both is to sign out.
 */
export async function rotateRefreshToken(db: Database, refreshToken: string) {
  const now = new Date();
  const [found] = await db
    .select({ token: refreshTokens, session: sessions, user: users })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, await sha256(refreshToken)))
    .limit(1);
  if (!found || found.session.revokedAt || found.session.expiresAt <= now || found.token.expiresAt <= now) {
    throw new ApiError("INVALID_REFRESH_TOKEN");
  }
  if (!found.user.isActive) throw new ApiError("ACCOUNT_DISABLED");
  if (found.token.rotatedAt) return revokeForReuse(db, found.session.id);

  const claimed = await db
    .update(refreshTokens)
    .set({ rotatedAt: now })
    .where(and(eq(refreshTokens.id, found.token.id), isNull(refreshTokens.rotatedAt)))
    .run();
  if (claimed.meta.changes !== 1) return revokeForReuse(db, found.session.id);

  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const nextToken = randomToken();
  await db.batch([
    db.insert(refreshTokens).values({
      id: crypto.randomUUID(),
      sessionId: found.session.id,
      tokenHash: await sha256(nextToken),
      expiresAt,
    }),
    db.update(sessions).set({ lastUsedAt: now, expiresAt }).where(eq(sessions.id, found.session.id)),
  ]);
  return { user: found.user, sessionId: found.session.id, refreshToken: nextToken };
}

async function revokeForReuse(db: Database, sessionId: string): Promise<never> {
  forgetSession(sessionId);
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  throw new ApiError("REFRESH_TOKEN_REUSED", {
    detail: "This refresh token was already used; the session has been signed out everywhere.",
  });
}

/** Revokes one of the user's active sessions; false when the user has no such active session. */
export async function revokeSession(db: Database, userId: string, sessionId: string): Promise<boolean> {
  forgetSession(sessionId);
  const result = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run();
  return result.meta.changes === 1;
}

/** The user's sessions that are neither revoked nor expired, most recently used first. */
export function listActiveSessions(db: Database, userId: string) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastUsedAt));
}

/** A session with its user, when it is still active (one primary-key read per authenticated request). */
export async function findActiveSession(db: Database, sessionId: string) {
  const [found] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  if (!found || found.session.revokedAt || found.session.expiresAt <= new Date()) return null;
  return found;
}
