import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { idempotencyKeys } from "../../db/schema";
import { ApiError } from "../../lib/errors";

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A claim still without a job after this long belongs to a request that died; a retry may take it over. */
const ABANDONED_CLAIM_MS = 2 * 60 * 1000;

export type IdempotencyOutcome = { kind: "new" } | { kind: "replay"; jobId: string };

/**
 * Claims an Idempotency-Key for a request (IETF draft semantics, scoped per user): the first request
 * proceeds; the same key with the same request replays its job; with another request it is a 422; while the
 * first is still in flight it is a 409.
 */
export async function claimIdempotencyKey(
  db: Database,
  userId: string,
  key: string,
  requestHash: string,
): Promise<IdempotencyOutcome> {
  const now = Date.now();
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ userId, key, requestHash, expiresAt: new Date(now + KEY_LIFETIME_MS) })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: "new" };

  const where = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));
  const existing = await db.query.idempotencyKeys.findFirst({ where });
  const abandoned = existing && !existing.jobId && existing.createdAt.getTime() <= now - ABANDONED_CLAIM_MS;
  if (!existing || existing.expiresAt.getTime() <= now || abandoned) {
    await db.delete(idempotencyKeys).where(where);
    return claimIdempotencyKey(db, userId, key, requestHash);
  }
  if (existing.requestHash !== requestHash) {
    throw new ApiError("IDEMPOTENCY_KEY_REUSED", {
      detail: "This Idempotency-Key was already used for a different request; use a new key.",
    });
  }
  if (!existing.jobId) {
    throw new ApiError("IDEMPOTENCY_KEY_IN_USE", {
      detail: "A request with this Idempotency-Key is still being processed; retry shortly.",
      headers: { "Retry-After": "1" },
    });
  }
  return { kind: "replay", jobId: existing.jobId };
}

/** Records the job a claimed key produced, so later requests with it replay that job. */
export async function completeIdempotencyKey(db: Database, userId: string, key: string, jobId: string) {
  await db
    .update(idempotencyKeys)
    .set({ jobId })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** Releases a claimed key after a failed request, so the client may retry with the same key. */
export async function releaseIdempotencyKey(db: Database, userId: string, key: string) {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** Drops the keys whose lifetime ended before `now` (the cron's work). */
export async function purgeExpiredIdempotencyKeys(db: Database, now: Date) {
  const result = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now)).run();
  return result.meta.changes;
}
