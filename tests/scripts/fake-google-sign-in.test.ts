import { createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { FakeGoogleSignIn } from "../../scripts/lib/fake-google/sign-in.mjs";

const BASE = "http://127.0.0.1:8795";
const CALLBACK = "http://127.0.0.1:8801/api/v1/auth/google/callback";

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

/** Runs the fake's authorization step as a browser would, returning the code it sends back. */
async function authorize(signIn: FakeGoogleSignIn, verifier: string) {
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const url = new URL(`${BASE}/o/oauth2/v2/auth`);
  url.search = new URLSearchParams({
    client_id: "client-1",
    redirect_uri: CALLBACK,
    response_type: "code",
    scope: "openid email profile https://www.googleapis.com/auth/drive.file",
    state: "state-1",
    nonce: "nonce-1",
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  const answer = signIn.authorize(url);
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.location ?? "");
  expect(back.origin + back.pathname).toBe(CALLBACK);
  expect(back.searchParams.get("state")).toBe("state-1");
  return back.searchParams.get("code") ?? "";
}

const exchange = (signIn: FakeGoogleSignIn, code: string, verifier: string) =>
  signIn.exchange(
    new URLSearchParams({
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: CALLBACK,
    }),
  );

/** The fake's sign-in lets the API's redirect sign-in run locally, as Google's would. */
describe("the local Google sign-in", () => {
  it("approves as its account and answers the code with tokens and an ID token its key set verifies", async () => {
    const signIn = new FakeGoogleSignIn({ email: "marie@example.com" });
    const verifier = "v".repeat(64);
    const answer = await exchange(signIn, await authorize(signIn, verifier), verifier);
    expect(answer.status).toBe(200);
    const body = answer.body as { id_token: string; refresh_token: string; scope: string };
    expect(body.refresh_token).toBeTruthy();
    expect(body.scope).toContain("drive.file");
    const keys = createLocalJWKSet((await signIn.certs()).body as { keys: JsonWebKey[] });
    const { payload } = await jwtVerify(body.id_token, keys, {
      issuer: "https://accounts.google.com",
      audience: "client-1",
    });
    expect(payload).toMatchObject({ email: "marie@example.com", email_verified: true, nonce: "nonce-1" });
  });

  it("refuses a wrong PKCE verifier, and a code used twice", async () => {
    const signIn = new FakeGoogleSignIn();
    const verifier = "w".repeat(64);
    const wrong = await exchange(signIn, await authorize(signIn, verifier), "x".repeat(64));
    expect(wrong).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const code = await authorize(signIn, verifier);
    expect((await exchange(signIn, code, verifier)).status).toBe(200);
    expect((await exchange(signIn, code, verifier)).status).toBe(400);
  });
});
