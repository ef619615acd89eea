import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import type { Config } from "../config";
import { keyFingerprint } from "./encoding";

const ISSUER = "french-novel-tool";
const AUDIENCE = "french-novel-tool-api";

type SigningConfig = Pick<Config, "JWT_SECRET" | "JWT_PREVIOUS_SECRETS">;

interface SigningKey {
  kid: string;
  key: CryptoKey;
}

const keyCache = new Map<string, Promise<SigningKey>>();

/** The HMAC key of a secret, imported once per isolate (an import per request would cost every call). */
function signingKey(secret: string): Promise<SigningKey> {
  let cached = keyCache.get(secret);
  if (!cached) {
    cached = Promise.all([
      keyFingerprint(secret),
      crypto.subtle.importKey(
        "raw",
        new TextEncoder().encode(secret),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign", "verify"],
      ),
    ]).then(([kid, key]) => ({ kid, key }));
    keyCache.set(secret, cached);
  }
  return cached;
}

/** What an access token asserts: the user and the session it belongs to. */
export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

/** Signs a short-lived HS256 access token (ACCESS_TOKEN_TTL_SECONDS) with the current secret, naming it by `kid`. */
export async function signAccessToken(
  config: Pick<Config, "JWT_SECRET" | "ACCESS_TOKEN_TTL_SECONDS">,
  claims: AccessTokenClaims,
): Promise<string> {
  const { kid, key } = await signingKey(config.JWT_SECRET);
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(`${config.ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key);
}

/** Verifies an access token against the current and previous secrets; null when it is not valid for any reason. */
export async function verifyAccessToken(
  config: SigningConfig,
  token: string,
): Promise<AccessTokenClaims | null> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return null;
  }
  const keys = await Promise.all([config.JWT_SECRET, ...config.JWT_PREVIOUS_SECRETS].map(signingKey));
  const match = keys.find((candidate) => candidate.kid === kid);
  if (!match) return null;
  try {
    const { payload } = await jwtVerify(token, match.key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "sid", "exp"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
