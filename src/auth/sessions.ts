import { and, desc, eq, exists, gt, isNull, type SQL, sql } from "drizzle-orm";
import type { Config } from "../config";
import { type Database, perClient } from "../db/client";
import { refreshTokens, sessions, users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { randomToken, sha256 } from "./encoding";
import { forgetSession, forgetUserSessions } from "./session-cache";
import { decryptSecret, encryptSecret } from "./token-cipher";

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

/** What rotation needs: the grace window and the cipher that keeps the successor for it. */
export type RotationConfig = Pick<
  Config,
  "REFRESH_REUSE_GRACE_SECONDS" | "TOKEN_ENCRYPTION_KEY" | "TOKEN_ENCRYPTION_PREVIOUS_KEYS"
>;

/** The refresh token row behind a raw token, with its session and user. */
async function findRefreshToken(db: Database, refreshToken: string) {
  const [found] = await db
    .select({ token: refreshTokens, session: sessions, user: users })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, await sha256(refreshToken)))
    .limit(1);
  return found;
}

type FoundToken = NonNullable<Awaited<ReturnType<typeof findRefreshToken>>>;

/** The successor is encrypted with this row's id as additional data: copied to another row, it does not open. */
const successorContext = (tokenId: string) => `refresh-successor:${tokenId}`;

/**
 * Exchanges a refresh token for a new one in the same session. A token already rotated is answered with the
 * same successor within REFRESH_REUSE_GRACE_SECONDS (parallel requests of one client that refreshed at once);
 * later, it revokes the whole session: the token was stolen, or a client kept an old one, and the safe answer
 * to both is to sign out.
 */
export async function rotateRefreshToken(db: Database, config: RotationConfig, refreshToken: string) {
  const now = new Date();
  const found = await findRefreshToken(db, refreshToken);
  if (!found || found.session.revokedAt || found.session.expiresAt <= now || found.token.expiresAt <= now) {
    throw new ApiError("INVALID_REFRESH_TOKEN");
  }
  if (!found.user.isActive) throw new ApiError("ACCOUNT_DISABLED");
  if (found.token.rotatedAt) return replayWithinGrace(db, config, found, now);

  const nextToken = randomToken();
  const claimed = await claimAndReplace(db, config, found, nextToken, now);
  if (!claimed) {
    // A concurrent request claimed the token between the read and the claim: the same rule as a late replay.
    const again = await findRefreshToken(db, refreshToken);
    return again?.token.rotatedAt
      ? replayWithinGrace(db, config, again, now)
      : revokeForReuse(db, found.session.id);
  }
  return { user: found.user, sessionId: found.session.id, refreshToken: nextToken };
}

/**
 * One batch is one transaction: the new token exists if and only if this request claimed the old one, so a
 * failure leaves the old token unused (a retry works) instead of spent with nothing to replace it. Both the
 * insert and the claim test the same `rotated_at IS NULL` inside the transaction, so they agree; the insert
 * goes first because, after the claim, `rotated_at` would no longer tell this claim from a concurrent one
 * made in the same millisecond. The claim stores the successor, encrypted, only while a grace is configured.
 */
async function claimAndReplace(
  db: Database,
  config: RotationConfig,
  found: FoundToken,
  nextToken: string,
  now: Date,
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const nextHash = await sha256(nextToken);
  const successor =
    config.REFRESH_REUSE_GRACE_SECONDS > 0
      ? await encryptSecret(config, nextToken, successorContext(found.token.id))
      : null;
  const unrotated = and(eq(refreshTokens.id, found.token.id), isNull(refreshTokens.rotatedAt));
  const [, claimed] = await db.batch([
    db.insert(refreshTokens).select(
      db
        .select({
          id: sql<string>`${crypto.randomUUID()}`.as("id"),
          sessionId: refreshTokens.sessionId,
          tokenHash: sql<string>`${nextHash}`.as("token_hash"),
          createdAt: sql<number>`${now.getTime()}`.as("created_at"),
          expiresAt: sql<number>`${expiresAt.getTime()}`.as("expires_at"),
          rotatedAt: sql<null>`null`.as("rotated_at"),
          successor: sql<null>`null`.as("successor"),
        })
        .from(refreshTokens)
        .where(unrotated),
    ),
    db.update(refreshTokens).set({ rotatedAt: now, successor }).where(unrotated),
    db
      .update(sessions)
      .set({ lastUsedAt: now, expiresAt })
      .where(
        and(
          eq(sessions.id, found.session.id),
          exists(db.select({ one: sql`1` }).from(refreshTokens).where(eq(refreshTokens.tokenHash, nextHash))),
        ),
      ),
  ]);
  return claimed.meta.changes === 1;
}

/**
 * A rotated token presented again: within the grace it receives the successor its rotation issued (never a
 * new, independent token, so the session keeps one line of tokens and later reuse is still detected);
 * after it, the session is revoked.
 */
async function replayWithinGrace(db: Database, config: RotationConfig, found: FoundToken, now: Date) {
  const { rotatedAt, successor, id } = found.token;
  const withinGrace =
    rotatedAt !== null && now.getTime() - rotatedAt.getTime() <= config.REFRESH_REUSE_GRACE_SECONDS * 1000;
  if (withinGrace && successor) {
    const refreshToken = await decryptSecret(config, successor, successorContext(id));
    if (refreshToken) return { user: found.user, sessionId: found.session.id, refreshToken };
  }
  return revokeForReuse(db, found.session.id);
}

async function revokeForReuse(db: Database, sessionId: string): Promise<never> {
  await revoke(db, and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)), sessionId);
  throw new ApiError("REFRESH_TOKEN_REUSED", {
    detail: "This refresh token was already used; the session has been signed out everywhere.",
  });
}

/**
 * Marks the matching session revoked and drops it from this isolate's cache. The cache is cleared again after
 * the write: a request that read the session from D1 while the update was in flight may have re-cached it.
 */
async function revoke(db: Database, where: SQL | undefined, sessionId: string): Promise<boolean> {
  forgetSession(sessionId);
  const result = await db.update(sessions).set({ revokedAt: new Date() }).where(where).run();
  forgetSession(sessionId);
  return result.meta.changes === 1;
}

/** Revokes one of the user's active sessions; false when the user has no such active session. */
export function revokeSession(db: Database, userId: string, sessionId: string): Promise<boolean> {
  return revoke(
    db,
    and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)),
    sessionId,
  );
}

/**
 * Revokes every session of a user at once (their account is being deleted), so refresh tokens stop working
 * and access tokens are refused here at once; the cache is cleared again after the write, as in `revoke`.
 */
export async function revokeAllSessions(db: Database, userId: string): Promise<number> {
  forgetUserSessions(userId);
  const result = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run();
  forgetUserSessions(userId);
  return result.meta.changes;
}

/** A session as its owner sees it (`current` marks the one making the request): no token, no hash. */
export function sessionView(row: typeof sessions.$inferSelect, currentSessionId?: string) {
  return {
    id: row.id,
    user_agent: row.userAgent,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    current: row.id === currentSessionId,
  };
}

/** The user's sessions that are neither revoked nor expired, most recently used first. */
export function listActiveSessions(db: Database, userId: string) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastUsedAt));
}

/** The session lookup of every authenticated request, its SQL built once per client. */
const sessionLookup = perClient((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .limit(1)
    .prepare(),
);

/** A session with its user, when it is still active (one primary-key read per authenticated request). */
export async function findActiveSession(db: Database, sessionId: string) {
  const [found] = await sessionLookup(db).all({ sessionId });
  if (!found || found.session.revokedAt || found.session.expiresAt <= new Date()) return null;
  return found;
}
