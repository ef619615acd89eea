import type { UserRole } from "../db/schema";

/** What a request needs to know about a valid session and its user. */
export interface ActiveSession {
  userId: string;
  role: UserRole;
  isActive: boolean;
  sessionExpiresAt: number;
}

interface Entry extends ActiveSession {
  cachedUntil: number;
}

const MAX_ENTRIES = 10_000;
const entries = new Map<string, Entry>();

/**
 * A session checked within the last SESSION_CACHE_SECONDS in this isolate, so a burst of requests costs one
 * D1 read instead of one each. Revoking a session forgets it here at once; other isolates notice within the
 * cache window (access tokens themselves live ACCESS_TOKEN_TTL_SECONDS, 15 minutes by default).
 */
export function cachedSession(sessionId: string, now: number): ActiveSession | undefined {
  const entry = entries.get(sessionId);
  if (!entry) return undefined;
  if (entry.cachedUntil <= now || entry.sessionExpiresAt <= now) {
    entries.delete(sessionId);
    return undefined;
  }
  return entry;
}

/** Remembers a session just read from D1 for `ttlMs` (0 disables the cache). */
export function rememberSession(sessionId: string, session: ActiveSession, ttlMs: number, now: number): void {
  if (ttlMs <= 0) return;
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(sessionId, { ...session, cachedUntil: now + ttlMs });
}

/** Drops a session from the cache (on logout, revocation or reuse detection). */
export function forgetSession(sessionId: string): void {
  entries.delete(sessionId);
}
