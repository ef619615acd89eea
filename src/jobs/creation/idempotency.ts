import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { idempotencyKeys } from "../../db/schema";
import { ApiError } from "../../lib/errors";

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A claim still without a job after this long belongs to a request that died; a retry may take it over. */
const ABANDONED_CLAIM_MS = 2 * 60 * 1000;

/** A replay names what the first request created: a job (uploads) or a batch (batch uploads). */
export type IdempotencyOutcome = { kind: "new" } | { kind: "replay"; resourceId: string };

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
  return { kind: "replay", resourceId: existing.jobId };
}

/** Records what a claimed key produced (a job or a batch id), so later requests with it replay that. */
async function completeIdempotencyKey(db: Database, userId: string, key: string, resourceId: string) {
  await db
    .update(idempotencyKeys)
    .set({ jobId: resourceId })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** Releases a claimed key after a failed request, so the client may retry with the same key. */
async function releaseIdempotencyKey(db: Database, userId: string, key: string) {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** What `withIdempotencyKey` runs: the creation itself, and how to answer a replay of it. */
export interface IdempotentSteps<T> {
  /** Creates the resource; returns its id (recorded under the key) and the answer. */
  create: () => Promise<{ id: string; value: T }>;
  /** The answer to a repeated request, from the id the first one recorded. */
  replay: (id: string) => Promise<T>;
}

/**
 * Runs `create` at most once per Idempotency-Key and request: a repeat replays the first result, a failed
 * creation frees the key for a retry. Without a key, `create` simply runs.
 */
export async function withIdempotencyKey<T>(
  db: Database,
  request: { userId: string; key: string | undefined; hash: () => Promise<string> },
  steps: IdempotentSteps<T>,
): Promise<{ value: T; replayed: boolean }> {
  const { userId, key } = request;
  if (key) {
    const claim = await claimIdempotencyKey(db, userId, key, await request.hash());
    if (claim.kind === "replay") return { value: await steps.replay(claim.resourceId), replayed: true };
  }
  let created: { id: string; value: T };
  try {
    created = await steps.create();
  } catch (error) {
    if (key) await releaseIdempotencyKey(db, userId, key);
    throw error;
  }
  // The resource exists from here on: a failure to record it must not free the key for a duplicate.
  if (key) await completeIdempotencyKey(db, userId, key, created.id);
  return { value: created.value, replayed: false };
}

/** Drops the keys whose lifetime ended before `now` (the cron's work). */
export async function purgeExpiredIdempotencyKeys(db: Database, now: Date) {
  const result = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now)).run();
  return result.meta.changes;
}
