import { lt, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { oauthStates, refreshTokens, sessions } from "../db/schema";

/** Ended sessions stay this long (for support questions) before they are deleted. */
const ENDED_SESSION_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Deletes auth rows nobody can use any more: expired sign-in states, expired refresh tokens (rotated ones
 * accumulate one per refresh), and sessions that ended over 30 days ago. Returns rows removed.
 */
export async function purgeExpiredAuthRows(db: Database, now = new Date()): Promise<number> {
  const endedBefore = new Date(now.getTime() - ENDED_SESSION_RETENTION_MS);
  const results = await db.batch([
    db.delete(oauthStates).where(lt(oauthStates.expiresAt, now)),
    db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now)),
    db.delete(sessions).where(or(lt(sessions.expiresAt, endedBefore), lt(sessions.revokedAt, endedBefore))),
  ]);
  return results.reduce((total, result) => total + result.meta.changes, 0);
}
