import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { type ApiKeyRow, apiKeys, users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { describeError, log } from "../lib/logger";
import { randomToken, sha256 } from "./encoding";
import { API_KEY_SCOPES, type ApiKeyScope } from "./scopes";

/** Every personal API key starts with this, so leaked keys are recognisable (and scannable). */
export const API_KEY_PREFIX = "fnt_";

const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const MAX_ACTIVE_KEYS = 25;
/** `last_used_at` is written at most this often, so a busy key does not cost a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Whether a bearer token looks like a personal API key rather than an access token. */
export function isApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

const isScope = (scope: string): scope is ApiKeyScope =>
  (API_KEY_SCOPES as readonly string[]).includes(scope);

/** A key as its owner sees it: never its secret nor its hash. */
export function apiKeyView(row: ApiKeyRow) {
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    scopes: row.scopes.filter(isScope),
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** Creates a key for the user; the returned `key` is the only time the secret exists outside a hash. */
export async function createApiKey(db: Database, userId: string, name: string, scopes: ApiKeyScope[]) {
  const active = await db.$count(apiKeys, and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  if (active >= MAX_ACTIVE_KEYS) {
    throw new ApiError("CONFLICT", { detail: `A user can hold at most ${MAX_ACTIVE_KEYS} active API keys.` });
  }
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: crypto.randomUUID(),
      userId,
      name,
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: await sha256(key),
      scopes: [...new Set(scopes)],
    })
    .returning();
  return { row: row!, key };
}

/** The user's keys that are not revoked, newest first. */
export function listApiKeys(db: Database, userId: string) {
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes one of the user's keys; false when the user has no such active key. */
export async function revokeApiKey(db: Database, userId: string, keyId: string): Promise<boolean> {
  const result = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .run();
  return result.meta.changes === 1;
}

/** Revokes every active key of a user (their account is being deleted); returns how many. */
export async function revokeAllApiKeys(db: Database, userId: string): Promise<number> {
  const result = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .run();
  return result.meta.changes;
}

/** Hands a promise to the runtime to finish after the response (`executionCtx.waitUntil`). */
export type Defer = (promise: Promise<unknown>) => void;

/**
 * Finds the active key matching a presented secret, with its owner. The use is recorded off the request path
 * (through `defer`) and at best effort: a failed write is logged and never fails the request it belongs to.
 */
export async function findApiKey(db: Database, key: string, defer: Defer) {
  const [found] = await db
    .select({ apiKey: apiKeys, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, await sha256(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!found) return null;
  const now = new Date();
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!found.apiKey.lastUsedAt || found.apiKey.lastUsedAt < stale) {
    const keyId = found.apiKey.id;
    defer(
      recordUse(db, keyId, now, stale).catch((error: unknown) => {
        log("warn", "api key last_used_at update failed", { key_id: keyId, ...describeError(error) });
      }),
    );
  }
  return found;
}

/** Writes `last_used_at` unless a concurrent request already did within the resolution. */
async function recordUse(db: Database, keyId: string, now: Date, stale: Date): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
}
