import { and, isNotNull, lt, or } from "drizzle-orm";
import { MAX_REFRESH_REUSE_GRACE_SECONDS } from "../config";
import type { Database } from "../db/client";
import { oauthStates, refreshTokens, sessions } from "../db/schema";

/** Ended sessions stay this long (for support questions) before they are deleted. */
const ENDED_SESSION_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Deletes auth rows nobody can use any more: expired sign-in states, expired refresh tokens (rotated ones
 * accumulate one per refresh), and sessions that ended over 30 days ago; forgets the encrypted successors of
 * tokens rotated longer ago than any reuse grace. Meant for the scheduled handler.
 */
export async function purgeExpiredAuthRows(db: Database, now = new Date()): Promise<void> {
  const endedBefore = new Date(now.getTime() - ENDED_SESSION_RETENTION_MS);
  const graceOverBefore = new Date(now.getTime() - MAX_REFRESH_REUSE_GRACE_SECONDS * 1000);
  await db.batch([
    db
      .update(refreshTokens)
      .set({ successor: null })
      .where(and(isNotNull(refreshTokens.successor), lt(refreshTokens.rotatedAt, graceOverBefore))),
    db.delete(oauthStates).where(lt(oauthStates.expiresAt, now)),
    db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now)),
    db.delete(sessions).where(or(lt(sessions.expiresAt, endedBefore), lt(sessions.revokedAt, endedBefore))),
  ]);
}
