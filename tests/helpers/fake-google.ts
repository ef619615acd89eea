import { env } from "cloudflare:test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { HttpResponse, http } from "msw";
import { loadConfig } from "../../src/config";
import { network } from "./network";

const loaded = loadConfig(env);
if (!loaded.ok) throw new Error(`test worker configuration is invalid: ${loaded.invalid.join(", ")}`);

/** The Google client and endpoints the test worker is configured with (defaults, or a local .dev.vars). */
export const GOOGLE = {
  clientId: loaded.config.GOOGLE_CLIENT_ID,
  clientSecret: loaded.config.GOOGLE_CLIENT_SECRET,
  tokenUrl: loaded.config.GOOGLE_TOKEN_URL,
  jwksUrl: loaded.config.GOOGLE_JWKS_URL,
  authUrl: loaded.config.GOOGLE_AUTH_URL,
} as const;

const signingKeys = await generateKeyPair("RS256", { extractable: true });
const KID = `fake-google-${crypto.randomUUID()}`;
const publicJwk = { ...(await exportJWK(signingKeys.publicKey)), kid: KID, alg: "RS256", use: "sig" };

/** A Google account as the fake knows it. */
export interface FakeAccount {
  sub: string;
  email: string;
  name?: string;
  picture?: string;
  emailVerified?: boolean;
}

/** Creates a fresh account with unique sub and email. */
export function newAccount(overrides: Partial<FakeAccount> = {}): FakeAccount {
  const id = crypto.randomUUID();
  return { sub: `sub-${id}`, email: `google-${id}@example.test`, name: "Ada Lovelace", ...overrides };
}

/** Signs an ID token the way Google does; `claims` and `key` let tests forge bad ones. */
export async function signIdToken(
  account: FakeAccount,
  claims: Record<string, unknown> = {},
  key: CryptoKey = signingKeys.privateKey,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: account.email,
    email_verified: account.emailVerified ?? true,
    name: account.name,
    picture: account.picture,
    iss: "https://accounts.google.com",
    aud: GOOGLE.clientId,
    sub: account.sub,
    iat: now,
    exp: now + 3600,
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" })
    .sign(key);
}

interface IssuedCode {
  account: FakeAccount;
  redirectUri: string;
  refreshToken: string | null;
  scope: string;
  codeChallenge?: string;
  nonce?: string;
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

const invalidGrant = () => HttpResponse.json({ error: "invalid_grant" }, { status: 400 });

/** An in-memory Google: issues codes, exchanges and refreshes them, and serves its signing keys as JWKS. */
export class FakeGoogle {
  readonly tokenRequests: URLSearchParams[] = [];
  readonly codes = new Map<string, IssuedCode>();
  readonly refreshTokens = new Map<string, { revoked: boolean }>();
  accessTokenLifetime = 3600;

  /** Issues an authorization code for an account (the part a browser and Google's consent screen would do). */
  issueCode(account: FakeAccount, options: Partial<Omit<IssuedCode, "account">> = {}): string {
    const code = `code-${crypto.randomUUID()}`;
    const refreshToken =
      options.refreshToken === undefined ? `rt-${crypto.randomUUID()}` : options.refreshToken;
    if (refreshToken) this.refreshTokens.set(refreshToken, { revoked: false });
    this.codes.set(code, {
      account,
      redirectUri: options.redirectUri ?? "postmessage",
      refreshToken,
      scope: options.scope ?? "openid email profile https://www.googleapis.com/auth/spreadsheets",
      ...(options.codeChallenge ? { codeChallenge: options.codeChallenge } : {}),
      ...(options.nonce ? { nonce: options.nonce } : {}),
    });
    return code;
  }

  /** Revokes a refresh token, as a user removing the app's access in their Google account would. */
  revoke(refreshToken: string): void {
    this.refreshTokens.set(refreshToken, { revoked: true });
  }

  /** Installs the fake on the test network (call in `beforeEach`: handlers are reset after each test). */
  install(): this {
    network.use(
      http.get(GOOGLE.jwksUrl, () => HttpResponse.json({ keys: [publicJwk] })),
      http.post(GOOGLE.tokenUrl, async ({ request }) => {
        const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
        this.tokenRequests.push(form);
        if (form.get("client_id") !== GOOGLE.clientId || form.get("client_secret") !== GOOGLE.clientSecret) {
          return HttpResponse.json({ error: "invalid_client" }, { status: 401 });
        }
        if (form.get("grant_type") === "authorization_code") return this.exchange(form);
        if (form.get("grant_type") === "refresh_token") return this.refresh(form);
        return HttpResponse.json({ error: "unsupported_grant_type" }, { status: 400 });
      }),
    );
    return this;
  }

  private async exchange(form: URLSearchParams) {
    const issued = this.codes.get(form.get("code") ?? "");
    if (!issued || issued.redirectUri !== form.get("redirect_uri")) return invalidGrant();
    this.codes.delete(form.get("code") ?? "");
    if (issued.codeChallenge && issued.codeChallenge !== (await s256(form.get("code_verifier") ?? ""))) {
      return invalidGrant();
    }
    return HttpResponse.json({
      access_token: `at-${crypto.randomUUID()}`,
      expires_in: this.accessTokenLifetime,
      scope: issued.scope,
      token_type: "Bearer",
      id_token: await signIdToken(issued.account, issued.nonce ? { nonce: issued.nonce } : {}),
      ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
    });
  }

  private refresh(form: URLSearchParams) {
    const grant = this.refreshTokens.get(form.get("refresh_token") ?? "");
    if (!grant || grant.revoked) return invalidGrant();
    return HttpResponse.json({
      access_token: `at-${crypto.randomUUID()}`,
      expires_in: this.accessTokenLifetime,
      token_type: "Bearer",
    });
  }
}
