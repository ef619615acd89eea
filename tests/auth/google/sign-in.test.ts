import { env } from "cloudflare:test";
import { generateKeyPair } from "jose";
import { HttpResponse, http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeGoogle, GOOGLE, newAccount, signIdToken } from "../../helpers/fake-google";
import { type ProblemBody, postJson } from "../../helpers/http";
import { network } from "../../helpers/network";

interface TokenBody {
  access_token: string;
  refresh_token: string;
  user: { id: string; email: string; role: string; has_sheets_access: boolean; name: string | null };
}

let google: FakeGoogle;
beforeEach(() => {
  google = new FakeGoogle().install();
});

describe("POST /api/v1/auth/google with a code (popup flow)", () => {
  it("exchanges the code with redirect_uri=postmessage and signs the user in", async () => {
    const account = newAccount({ name: "Émile Zola", picture: "https://example.test/z.png" });
    const response = await postJson("/auth/google", { code: google.issueCode(account) });
    expect(response.status).toBe(200);
    const body = await response.json<TokenBody>();
    expect(body.user).toMatchObject({ email: account.email, name: "Émile Zola", has_sheets_access: true });
    expect(google.tokenRequests[0]?.get("redirect_uri")).toBe("postmessage");
    expect(google.tokenRequests[0]?.get("grant_type")).toBe("authorization_code");

    const me = await postJson("/auth/google", { code: google.issueCode(account) });
    expect((await me.json<TokenBody>()).user.id).toBe(body.user.id);
  });

  it("records the login time", async () => {
    const response = await postJson("/auth/google", { code: google.issueCode(newAccount()) });
    const { user } = await response.json<TokenBody>();
    const stored = await env.DB.prepare("SELECT last_login_at FROM users WHERE id = ?")
      .bind(user.id)
      .first<{ last_login_at: number }>();
    expect(stored?.last_login_at).toBeGreaterThan(Date.now() - 60_000);
  });

  it("answers 401 GOOGLE_AUTH_FAILED when Google rejects the code", async () => {
    const response = await postJson("/auth/google", { code: "never-issued" });
    expect(response.status).toBe(401);
    expect((await response.json<ProblemBody>()).error_code).toBe("GOOGLE_AUTH_FAILED");
  });

  it("answers 502 UPSTREAM_UNAVAILABLE when Google fails with 5xx", async () => {
    network.use(http.post(GOOGLE.tokenUrl, () => new HttpResponse("down", { status: 503 })));
    const response = await postJson("/auth/google", { code: "any" });
    expect(response.status).toBe(502);
    expect((await response.json<ProblemBody>()).error_code).toBe("UPSTREAM_UNAVAILABLE");
  });

  it("answers 502 UPSTREAM_UNAVAILABLE when Google is unreachable", async () => {
    network.use(http.post(GOOGLE.tokenUrl, () => HttpResponse.error()));
    const response = await postJson("/auth/google", { code: "any" });
    expect(response.status).toBe(502);
    expect((await response.json<ProblemBody>()).error_code).toBe("UPSTREAM_UNAVAILABLE");
  });
});

describe("POST /api/v1/auth/google with an ID token", () => {
  it("signs in without Sheets access", async () => {
    const account = newAccount();
    const response = await postJson("/auth/google", { id_token: await signIdToken(account) });
    expect(response.status).toBe(200);
    expect((await response.json<TokenBody>()).user).toMatchObject({
      email: account.email,
      has_sheets_access: false,
    });
    expect(google.tokenRequests).toHaveLength(0);
  });

  it("accepts the ID token under the name token, as the credential flow sends it", async () => {
    const account = newAccount();
    const response = await postJson("/auth/google", { token: await signIdToken(account) });
    expect(response.status).toBe(200);
    expect((await response.json<TokenBody>()).user.email).toBe(account.email);
  });

  it("refuses a forged token under the name token too", async () => {
    const forger = await generateKeyPair("RS256");
    const response = await postJson("/auth/google", {
      token: await signIdToken(newAccount(), {}, forger.privateKey),
    });
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_ID_TOKEN");
  });

  it.each([
    ["a wrong audience", { aud: "someone-else.apps.googleusercontent.com" }],
    ["a wrong issuer", { iss: "https://evil.example" }],
    ["an expired token", { exp: Math.floor(Date.now() / 1000) - 60 }],
    ["an unverified email", { email_verified: false }],
  ])("refuses %s with 401 INVALID_ID_TOKEN", async (_, claims) => {
    const response = await postJson("/auth/google", { id_token: await signIdToken(newAccount(), claims) });
    expect(response.status).toBe(401);
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_ID_TOKEN");
  });

  it("refuses a token signed by another key with 401 INVALID_ID_TOKEN", async () => {
    const forger = await generateKeyPair("RS256");
    const response = await postJson("/auth/google", {
      id_token: await signIdToken(newAccount(), {}, forger.privateKey),
    });
    expect(response.status).toBe(401);
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_ID_TOKEN");
  });

  it("refuses garbage with 401 INVALID_ID_TOKEN", async () => {
    const response = await postJson("/auth/google", { id_token: "not.a.jwt" });
    expect(response.status).toBe(401);
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_ID_TOKEN");
  });

  it("refuses a deactivated account with 403 ACCOUNT_DISABLED", async () => {
    const account = newAccount();
    await postJson("/auth/google", { id_token: await signIdToken(account) });
    await env.DB.prepare("UPDATE users SET is_active = 0 WHERE google_sub = ?").bind(account.sub).run();
    const response = await postJson("/auth/google", { id_token: await signIdToken(account) });
    expect(response.status).toBe(403);
    expect((await response.json<ProblemBody>()).error_code).toBe("ACCOUNT_DISABLED");
  });
});

describe("POST /api/v1/auth/google validation", () => {
  it.each([
    ["an empty body", {}],
    ["both fields", { code: "a", id_token: "b" }],
    ["an ID token under both names", { id_token: "a", token: "a" }],
    ["a code and a token", { code: "a", token: "b" }],
    ["a wrong type", { code: 42 }],
  ])("answers 422 with field errors for %s", async (_, body) => {
    const response = await postJson("/auth/google", body);
    expect(response.status).toBe(422);
    const problem = await response.json<ProblemBody>();
    expect(problem.error_code).toBe("VALIDATION_FAILED");
    expect(problem.errors?.length).toBeGreaterThan(0);
  });
});
