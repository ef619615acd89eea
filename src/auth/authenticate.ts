import type { Config } from "../config";
import type { Database } from "../db/client";
import { ApiError } from "../lib/errors";
import type { Principal } from "../lib/types";
import { verifyAccessToken } from "./access-token";
import { findApiKey, isApiKey } from "./api-keys";
import { API_KEY_SCOPES } from "./scopes";
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

/** Resolves a bearer token (app access token or personal API key) to the principal it stands for. */
export async function authenticate(db: Database, config: Config, token: string): Promise<Principal> {
  if (isApiKey(token)) {
    const found = await findApiKey(db, token);
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
  const found = await findActiveSession(db, claims.sessionId);
  if (!found || found.user.id !== claims.userId) throw unauthenticated(true, "The session has ended.");
  assertActive(found.user);
  return {
    userId: found.user.id,
    role: found.user.role,
    kind: "session",
    scopes: API_KEY_SCOPES,
    sessionId: found.session.id,
  };
}
