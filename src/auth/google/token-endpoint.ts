import { z } from "zod";
import type { Config } from "../../config";
import { ApiError } from "../../lib/errors";
import { log } from "../../lib/logger";

type GoogleClientConfig = Pick<Config, "GOOGLE_TOKEN_URL" | "GOOGLE_CLIENT_ID" | "GOOGLE_CLIENT_SECRET">;

const TIMEOUT_MS = 10_000;

const TokenSetSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().min(1).optional(),
});

/** What Google's token endpoint returns on success. */
export type GoogleTokenSet = z.infer<typeof TokenSetSchema>;

type TokenResult = { ok: true; tokens: GoogleTokenSet } | { ok: false; status: number; error: string };

const upstreamUnavailable = (cause?: unknown) =>
  new ApiError("UPSTREAM_UNAVAILABLE", { detail: "Google could not be reached. Try again shortly.", cause });

async function callTokenEndpoint(
  config: GoogleClientConfig,
  params: Record<string, string>,
): Promise<TokenResult> {
  let response: Response;
  try {
    response = await fetch(config.GOOGLE_TOKEN_URL, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        ...params,
        client_id: config.GOOGLE_CLIENT_ID,
        client_secret: config.GOOGLE_CLIENT_SECRET,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw upstreamUnavailable(error);
  }
  if (response.status >= 500) throw upstreamUnavailable();
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = z.object({ error: z.string() }).safeParse(body);
    return { ok: false, status: response.status, error: error.success ? error.data.error : "unknown" };
  }
  const tokens = TokenSetSchema.safeParse(body);
  if (!tokens.success) throw upstreamUnavailable();
  return { ok: true, tokens: tokens.data };
}

/** Exchanges an authorization code (popup flow: `redirect_uri=postmessage`; redirect flow: with PKCE verifier). */
export async function exchangeAuthorizationCode(
  config: GoogleClientConfig,
  input: { code: string; redirectUri: string; codeVerifier?: string },
): Promise<GoogleTokenSet> {
  const result = await callTokenEndpoint(config, {
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: input.redirectUri,
    ...(input.codeVerifier ? { code_verifier: input.codeVerifier } : {}),
  });
  if (!result.ok) {
    log("warn", "google code exchange refused", { status: result.status, google_error: result.error });
    throw new ApiError("GOOGLE_AUTH_FAILED", {
      detail: "Google refused the authorization code; sign in again.",
    });
  }
  return result.tokens;
}

/** Gets a fresh access token from a stored refresh token; a revoked grant means the user must consent again. */
export async function refreshGoogleTokens(
  config: GoogleClientConfig,
  refreshToken: string,
): Promise<GoogleTokenSet | "invalid_grant"> {
  const result = await callTokenEndpoint(config, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
  });
  if (result.ok) return result.tokens;
  if (result.error === "invalid_grant") return "invalid_grant";
  // Anything else (invalid_client, unauthorized_client) is our configuration, not the user's grant.
  log("error", "google token refresh refused", { status: result.status, google_error: result.error });
  throw upstreamUnavailable();
}

/**
 * Revokes a Google token at GOOGLE_REVOKE_URL; revoking the refresh token ends the whole grant. A token Google
 * no longer knows (400) is as good as revoked; Google unreachable or failing throws UPSTREAM_UNAVAILABLE.
 */
export async function revokeGoogleToken(config: Pick<Config, "GOOGLE_REVOKE_URL">, token: string) {
  let response: Response;
  try {
    response = await fetch(config.GOOGLE_REVOKE_URL, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw upstreamUnavailable(error);
  }
  await response.body?.cancel();
  if (response.ok) return "revoked" as const;
  if (response.status === 400) return "already_invalid" as const;
  log("warn", "google token revocation failed", { status: response.status });
  throw upstreamUnavailable();
}
