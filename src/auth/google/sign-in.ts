import type { Config } from "../../config";
import type { Database } from "../../db/client";
import { ApiError } from "../../lib/errors";
import { startSession } from "../sign-in";
import { assertActive, upsertUser } from "../users";
import { saveGoogleTokens } from "./credentials";
import { verifyGoogleIdToken } from "./id-token";
import { exchangeAuthorizationCode } from "./token-endpoint";

/** The `redirect_uri` Google expects for codes obtained by the JS popup (`@react-oauth/google`, auth-code flow). */
export const POPUP_REDIRECT_URI = "postmessage";

interface CodeSignIn {
  code: string;
  redirectUri: string;
  codeVerifier?: string;
  nonce?: string;
  userAgent: string | undefined;
}

/** Exchanges a Google authorization code, signs the user in, and stores their Google tokens encrypted. */
export async function signInWithGoogleCode(db: Database, config: Config, input: CodeSignIn) {
  const tokens = await exchangeAuthorizationCode(config, input);
  if (!tokens.id_token) {
    throw new ApiError("GOOGLE_AUTH_FAILED", {
      detail: "Google returned no ID token; the openid scope is required.",
    });
  }
  const profile = await verifyGoogleIdToken(config, tokens.id_token, { nonce: input.nonce });
  const user = await upsertUser(db, config, profile);
  assertActive(user);
  await saveGoogleTokens(db, config, user.id, tokens);
  return startSession(db, config, user, input.userAgent);
}

/** Signs in with a Google ID token alone (no Sheets access is granted this way). */
export async function signInWithGoogleIdToken(
  db: Database,
  config: Config,
  input: { idToken: string; userAgent: string | undefined },
) {
  const profile = await verifyGoogleIdToken(config, input.idToken);
  const user = await upsertUser(db, config, profile);
  return startSession(db, config, user, input.userAgent);
}
