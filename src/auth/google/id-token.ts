import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { Config } from "../../config";
import { ApiError } from "../../lib/errors";
import type { Profile } from "../users";

const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

/** One key set per URL for the isolate's lifetime, so Google's keys are fetched once and then cached. */
const keySets = new Map<string, JWTVerifyGetKey>();

function googleKeys(url: string): JWTVerifyGetKey {
  let keys = keySets.get(url);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(url));
    keySets.set(url, keys);
  }
  return keys;
}

function isKeyFetchFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error instanceof errors.JWKSTimeout || error.code === errors.JOSEError.code;
}

/** Verifies a Google ID token (signature, issuer, audience, expiry, verified email) and returns the profile. */
export async function verifyGoogleIdToken(
  config: Pick<Config, "GOOGLE_JWKS_URL" | "GOOGLE_CLIENT_ID">,
  idToken: string,
  expected: { nonce?: string } = {},
): Promise<Profile & { googleSub: string }> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(idToken, googleKeys(config.GOOGLE_JWKS_URL), {
      issuer: GOOGLE_ISSUERS,
      audience: config.GOOGLE_CLIENT_ID,
      algorithms: ["RS256"],
      requiredClaims: ["sub", "email", "exp", "iat"],
    }));
  } catch (error) {
    if (isKeyFetchFailure(error)) {
      throw new ApiError("UPSTREAM_UNAVAILABLE", {
        detail: "Google's signing keys could not be fetched.",
        cause: error,
      });
    }
    throw new ApiError("INVALID_ID_TOKEN", { detail: "The Google ID token is not valid.", cause: error });
  }
  if (payload.email_verified !== true) {
    throw new ApiError("INVALID_ID_TOKEN", { detail: "The Google account's email address is not verified." });
  }
  if (expected.nonce !== undefined && payload.nonce !== expected.nonce) {
    throw new ApiError("INVALID_ID_TOKEN", { detail: "The Google ID token was issued for another sign-in." });
  }
  return {
    googleSub: String(payload.sub),
    email: String(payload.email),
    name: typeof payload.name === "string" ? payload.name : null,
    picture: typeof payload.picture === "string" ? payload.picture : null,
  };
}
