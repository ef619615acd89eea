/**
 * Google's sign-in endpoints, faked for local development: an authorization endpoint that approves at once (as
 * one fixed Google account) and sends the browser back with a code, the `authorization_code` grant of the token
 * endpoint (PKCE checked) answering with tokens and an RS256 ID token, and the key set that verifies it.
 * With these, the API's redirect sign-in runs on one machine and its user holds a Google grant for exports.
 */
import { createHash, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

const ISSUER = "https://accounts.google.com";
const CODE_TTL_MS = 5 * 60_000;

const json = (status, body, headers = {}) => ({ status, headers, body });
const base64url = (bytes) => Buffer.from(bytes).toString("base64url");

export class FakeGoogleSignIn {
  /** @type {Map<string, { clientId: string, redirectUri: string, scope: string, nonce?: string, challenge?: string, expires: number }>} */
  #codes = new Map();
  #keys;

  /** @param {{ email?: string, name?: string }} account the Google account every sign-in approves as */
  constructor(account = {}) {
    this.email = account.email ?? "learner@example.com";
    this.name = account.name ?? "Local Learner";
    this.sub = `fake-${createHash("sha256").update(this.email).digest("hex").slice(0, 20)}`;
  }

  async #keyPair() {
    this.#keys ??= generateKeyPair("RS256", { extractable: true }).then(async (pair) => ({
      ...pair,
      jwk: { ...(await exportJWK(pair.publicKey)), kid: "fake-google-1", alg: "RS256", use: "sig" },
    }));
    return this.#keys;
  }

  /** `GET /o/oauth2/v2/auth`: approves the request and redirects to `redirect_uri` with a code and the state. */
  authorize(url) {
    const query = url.searchParams;
    const redirectUri = query.get("redirect_uri");
    if (!redirectUri || query.get("response_type") !== "code" || !query.get("client_id")) {
      return json(400, {
        error: "invalid_request",
        error_description: "client_id, redirect_uri, response_type=code",
      });
    }
    const code = `4/fake-${randomUUID()}`;
    this.#codes.set(code, {
      clientId: query.get("client_id"),
      redirectUri,
      scope: query.get("scope") ?? "openid email",
      nonce: query.get("nonce") ?? undefined,
      challenge: query.get("code_challenge") ?? undefined,
      expires: Date.now() + CODE_TTL_MS,
    });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    if (query.get("state")) back.searchParams.set("state", query.get("state"));
    return json(302, {}, { location: back.href });
  }

  /** The `authorization_code` grant: one use per code, same redirect URI, PKCE S256 verifier when a challenge was sent. */
  async exchange(form) {
    const grant = this.#codes.get(form.get("code") ?? "");
    this.#codes.delete(form.get("code") ?? "");
    const verifier = form.get("code_verifier");
    const verified =
      !grant?.challenge ||
      (verifier && base64url(createHash("sha256").update(verifier).digest()) === grant.challenge);
    if (!grant || grant.expires < Date.now() || grant.redirectUri !== form.get("redirect_uri") || !verified) {
      return json(400, { error: "invalid_grant", error_description: "Malformed auth code." });
    }
    const { privateKey, jwk } = await this.#keyPair();
    const idToken = await new SignJWT({
      email: this.email,
      email_verified: true,
      name: this.name,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    })
      .setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "JWT" })
      .setIssuer(ISSUER)
      .setAudience(grant.clientId)
      .setSubject(this.sub)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    return json(200, {
      access_token: `ya29.fake-${randomUUID()}`,
      refresh_token: `1//fake-${randomUUID()}`,
      expires_in: 3599,
      scope: grant.scope,
      token_type: "Bearer",
      id_token: idToken,
    });
  }

  /** `GET /oauth2/v3/certs`: the public key of the ID tokens. */
  async certs() {
    return json(200, { keys: [(await this.#keyPair()).jwk] });
  }
}
