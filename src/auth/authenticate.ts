import type { Config } from "../config";
import type { Database } from "../db/client";
import { ApiError } from "../lib/errors";
import { verifyAccessToken } from "./access-token";
import { type Defer, findApiKey, isApiKey } from "./api-keys";
import type { Principal } from "./principal";
import { API_KEY_SCOPES } from "./scopes";
import { type ActiveSession, cachedSession, rememberSession } from "./session-cache";
import { findActiveSession } from "./sessions";
import { assertActive } from "./users";

const REALM = 'Bearer realm="french-novel-tool"';

/** 401 for a request without usable credentials; `invalid_token` tells the client a token was sent but refused. */
export function unauthenticated(tokenGiven: boolean, detail?: string): ApiError {
  return new ApiError("UNAUTHENTICATED", {
    detail:
      detail ?? (tokenGiven ? "The bearer token is invalid or expired." : "A bearer token is required."),
    headers: { "WWW-Authenticate": tokenGiven ? `${REALM}, error="invalid_token"` : REALM },
  });
}

/** Extracts the token from an `Authorization: Bearer …` header; null when absent or another scheme. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/**
 * Resolves a bearer token (app access token or personal API key) to the principal it stands for. `defer` takes
 * bookkeeping writes that must not hold up or fail the request (`executionCtx.waitUntil`).
 */
export async function authenticate(
  db: Database,
  config: Config,
  token: string,
  defer: Defer,
): Promise<Principal> {
  if (isApiKey(token)) {
    const found = await findApiKey(db, token, defer);
    if (!found) throw unauthenticated(true, "The API key is invalid or revoked.");
    assertActive(found.user);
    return {
      userId: found.user.id,
      role: found.user.role,
      kind: "api_key",
      scopes: found.apiKey.scopes,
    };
  }
  const claims = await verifyAccessToken(config, token);
  if (!claims) throw unauthenticated(true);
  const session = await activeSession(db, config, claims.sessionId);
  if (!session || session.userId !== claims.userId) throw unauthenticated(true, "The session has ended.");
  assertActive(session);
  return {
    userId: session.userId,
    role: session.role,
    kind: "session",
    scopes: API_KEY_SCOPES,
    sessionId: claims.sessionId,
  };
}

/** The session behind an access token, from this isolate's short cache or from D1. */
async function activeSession(db: Database, config: Config, sessionId: string): Promise<ActiveSession | null> {
  const now = Date.now();
  const ttlMs = config.SESSION_CACHE_SECONDS * 1000;
  // The cache is per isolate and the config per request: with the cache now off (0), entries remembered under
  // an earlier, non-zero SESSION_CACHE_SECONDS may still be there and must not be trusted.
  const cached = ttlMs > 0 ? cachedSession(sessionId, now) : undefined;
  if (cached) return cached;
  const found = await findActiveSession(db, sessionId);
  if (!found) return null;
  const session: ActiveSession = {
    userId: found.user.id,
    role: found.user.role,
    isActive: found.user.isActive,
    sessionExpiresAt: found.session.expiresAt.getTime(),
  };
  rememberSession(sessionId, session, ttlMs, now);
  return session;
}
