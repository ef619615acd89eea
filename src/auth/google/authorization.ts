import { eq } from "drizzle-orm";
import type { Config } from "../../config";
import type { Database } from "../../db/client";
import { oauthStates } from "../../db/schema";
import { ApiError } from "../../lib/errors";
import { randomToken, sha256 } from "../encoding";
import { decryptSecret, encryptSecret } from "../token-cipher";
import { GOOGLE_EXTRA_SCOPES, GOOGLE_SIGN_IN_SCOPES, type GoogleExtraScope } from "./scopes";

/** How long a redirect sign-in may take between leaving for Google and coming back. */
export const STATE_TTL_MS = 10 * 60 * 1000;

const verifierContext = (stateHash: string) => `oauth-code-verifier:${stateHash}`;

const invalidState = (
  detail = "The sign-in state is missing, expired, already used, or from another browser.",
) => new ApiError("INVALID_STATE", { detail });

/** Whether a frontend URL may receive tokens: its origin is allow-listed and it carries no fragment or userinfo. */
export function isAllowedRedirect(
  config: Pick<Config, "AUTH_REDIRECT_ORIGINS">,
  redirectUri: string,
): boolean {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if (url.hash || url.username || url.password) return false;
  return config.AUTH_REDIRECT_ORIGINS.includes(url.origin);
}

/**
 * Starts a redirect sign-in: stores a single-use state (hashed) with its PKCE verifier (encrypted) and returns
 * Google's authorization URL, plus a browser binding the caller must set as a cookie so that only the browser
 * that started the sign-in can finish it. `extraScopes` asks for more than sign-in needs; with
 * `include_granted_scopes` Google adds them to what the user granted before, so the grant only grows.
 */
export async function beginGoogleAuthorization(
  db: Database,
  config: Config,
  input: { redirectUri: string; callbackUrl: string; extraScopes?: readonly GoogleExtraScope[] },
) {
  const state = randomToken();
  const stateHash = await sha256(state);
  const codeVerifier = randomToken(48);
  const browserBinding = randomToken();
  await db.insert(oauthStates).values({
    stateHash,
    browserBindingHash: await sha256(browserBinding),
    codeVerifier: await encryptSecret(config, codeVerifier, verifierContext(stateHash)),
    redirectUri: input.redirectUri,
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  });
  const url = new URL(config.GOOGLE_AUTH_URL);
  url.search = new URLSearchParams({
    client_id: config.GOOGLE_CLIENT_ID,
    redirect_uri: input.callbackUrl,
    response_type: "code",
    scope: [
      ...GOOGLE_SIGN_IN_SCOPES,
      ...(input.extraScopes ?? []).map((name) => GOOGLE_EXTRA_SCOPES[name]),
    ].join(" "),
    state,
    nonce: stateHash,
    code_challenge: await sha256(codeVerifier),
    code_challenge_method: "S256",
    access_type: "offline",
    include_granted_scopes: "true",
  }).toString();
  return { location: url.href, browserBinding };
}

/** Consumes a state (once, atomically): checks expiry and the browser binding, returns the verifier and target. */
export async function consumeGoogleAuthorization(
  db: Database,
  config: Config,
  input: { state: string; browserBinding: string | undefined },
) {
  const stateHash = await sha256(input.state);
  const [row] = await db.delete(oauthStates).where(eq(oauthStates.stateHash, stateHash)).returning();
  if (!row || row.expiresAt.getTime() <= Date.now()) throw invalidState();
  if (!input.browserBinding || (await sha256(input.browserBinding)) !== row.browserBindingHash) {
    throw invalidState("The sign-in was started in another browser.");
  }
  const codeVerifier = await decryptSecret(config, row.codeVerifier, verifierContext(stateHash));
  if (!codeVerifier) throw invalidState();
  return { codeVerifier, nonce: stateHash, redirectUri: row.redirectUri };
}
