import { and, eq } from "drizzle-orm";
import type { Config } from "../../config";
import type { Database } from "../../db/client";
import { googleCredentials } from "../../db/schema";
import { ApiError } from "../../lib/errors";
import { log } from "../../lib/logger";
import { decryptSecret, encryptSecret } from "../token-cipher";
import { scopeSet } from "./scopes";
import { type GoogleTokenSet, refreshGoogleTokens } from "./token-endpoint";

/** Refresh a little before Google's expiry so a token does not lapse mid-request. */
const EXPIRY_MARGIN_MS = 60_000;

const accessContext = (userId: string) => `google-access-token:${userId}`;
const refreshContext = (userId: string) => `google-refresh-token:${userId}`;

const reauthRequired = () =>
  new ApiError("GOOGLE_REAUTH_REQUIRED", {
    detail: "Google access has expired or was revoked; sign in with Google again to grant it.",
  });

/** Stores Google tokens encrypted; when Google sends no refresh token (a re-login), the stored one is kept. */
export async function saveGoogleTokens(
  db: Database,
  config: Config,
  userId: string,
  tokens: GoogleTokenSet,
): Promise<void> {
  const accessToken = await encryptSecret(config, tokens.access_token, accessContext(userId));
  const refreshToken = tokens.refresh_token
    ? await encryptSecret(config, tokens.refresh_token, refreshContext(userId))
    : null;
  const accessTokenExpiresAt = new Date(Date.now() + tokens.expires_in * 1000);
  const now = new Date();
  await db
    .insert(googleCredentials)
    .values({ userId, accessToken, accessTokenExpiresAt, refreshToken, scope: tokens.scope ?? "" })
    .onConflictDoUpdate({
      target: googleCredentials.userId,
      set: {
        accessToken,
        accessTokenExpiresAt,
        updatedAt: now,
        ...(refreshToken ? { refreshToken } : {}),
        ...(tokens.scope !== undefined ? { scope: tokens.scope } : {}),
      },
    });
}

/**
 * Forgets a user's Google tokens once Google refused their refresh token (the grant is gone). Only the row
 * still holding that refresh token (as stored, encrypted) goes: a sign-in that saved a new grant meanwhile wins.
 */
async function forgetGoogleTokens(db: Database, userId: string, storedRefreshToken: string): Promise<void> {
  await db
    .delete(googleCredentials)
    .where(and(eq(googleCredentials.userId, userId), eq(googleCredentials.refreshToken, storedRefreshToken)));
}

/** The scopes the user's stored Google grant holds, or null when there is no grant. */
export async function grantedGoogleScopes(db: Database, userId: string): Promise<Set<string> | null> {
  const row = await db.query.googleCredentials.findFirst({
    columns: { scope: true },
    where: eq(googleCredentials.userId, userId),
  });
  return row ? scopeSet(row.scope) : null;
}

/**
 * A valid Google access token for the user, refreshed (and saved) when it has expired — or always with
 * `forceRefresh`, for a token Google refused before its expiry. Throws GOOGLE_REAUTH_REQUIRED when there is no
 * usable grant, UPSTREAM_UNAVAILABLE when Google cannot be reached.
 */
export async function getGoogleAccessToken(
  db: Database,
  config: Config,
  userId: string,
  options: { forceRefresh?: boolean } = {},
): Promise<string> {
  const row = await db.query.googleCredentials.findFirst({ where: eq(googleCredentials.userId, userId) });
  if (!row) throw reauthRequired();
  if (!options.forceRefresh && row.accessTokenExpiresAt.getTime() - EXPIRY_MARGIN_MS > Date.now()) {
    const accessToken = await decryptSecret(config, row.accessToken, accessContext(userId));
    if (accessToken) return accessToken;
  }
  const storedRefreshToken = row.refreshToken;
  const refreshToken = storedRefreshToken
    ? await decryptSecret(config, storedRefreshToken, refreshContext(userId))
    : null;
  if (!storedRefreshToken || !refreshToken) {
    log("warn", "google refresh token missing or undecryptable", { user_id: userId });
    throw reauthRequired();
  }
  const tokens = await refreshGoogleTokens(config, refreshToken);
  if (tokens === "invalid_grant") {
    await forgetGoogleTokens(db, userId, storedRefreshToken);
    throw reauthRequired();
  }
  // A refresh answer may omit the scope; the grant's scope has not changed then.
  await saveGoogleTokens(db, config, userId, { ...tokens, scope: tokens.scope ?? row.scope });
  return tokens.access_token;
}
