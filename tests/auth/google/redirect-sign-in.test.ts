import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FakeGoogle, GOOGLE, newAccount } from "../../helpers/fake-google";
import { api, type ProblemBody } from "../../helpers/http";
import { workerConfig } from "../../helpers/worker-config";

const CALLBACK = "https://api.test/api/v1/auth/google/callback";
const FAIL_TRIGGER = "test_fail_session_insert";
const FAILING_AGENT = "session-insert-fails";

let google: FakeGoogle;
let frontend: string;
beforeEach(() => {
  google = new FakeGoogle().install();
  const origin = workerConfig().AUTH_REDIRECT_ORIGINS[0];
  if (!origin) throw new Error("the test worker needs at least one AUTH_REDIRECT_ORIGINS entry");
  frontend = `${origin}/auth/done`;
});

/** Leaves for Google: returns the authorization URL's parameters and the browser-binding cookie. */
async function authorize(redirectUri = frontend) {
  const response = await api(`/auth/google/authorize?redirect_uri=${encodeURIComponent(redirectUri)}`);
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location") ?? "");
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { location, params: location.searchParams, cookie, setCookie: response.headers.get("set-cookie") };
}

/** Plays Google's consent screen: issues a code bound to the request's PKCE challenge and nonce. */
function consent(params: URLSearchParams) {
  return google.issueCode(newAccount(), {
    redirectUri: params.get("redirect_uri") ?? "",
    codeChallenge: params.get("code_challenge") ?? "",
    nonce: params.get("nonce") ?? "",
  });
}

function callback(query: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) {
  return api(`/auth/google/callback?${new URLSearchParams(query)}`, {
    headers: { ...headers, ...(cookie ? { cookie } : {}) },
  });
}

describe("GET /api/v1/auth/google/authorize", () => {
  it("redirects to Google with state, PKCE S256, offline access and the non-sensitive drive.file scope", async () => {
    const { location, params, setCookie } = await authorize();
    expect(`${location.origin}${location.pathname}`).toBe(GOOGLE.authUrl);
    expect(params.get("client_id")).toBe(GOOGLE.clientId);
    expect(params.get("redirect_uri")).toBe(CALLBACK);
    expect(params.get("response_type")).toBe("code");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(params.get("state")).toMatch(/^[\w-]{43}$/);
    expect(params.get("access_type")).toBe("offline");
    expect(params.get("scope")?.split(" ").sort()).toEqual(
      ["openid", "email", "profile", "https://www.googleapis.com/auth/drive.file"].sort(),
    );
    expect(params.get("include_granted_scopes")).toBe("true");
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it("asks for the sensitive spreadsheets scope only when requested, keeping what was granted before", async () => {
    const response = await api("/auth/google/authorize?scope=spreadsheets");
    expect(response.status).toBe(302);
    const params = new URL(response.headers.get("location") ?? "").searchParams;
    expect(params.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining([
        "https://www.googleapis.com/auth/drive.file",
        "https://www.googleapis.com/auth/spreadsheets",
      ]),
    );
    expect(params.get("include_granted_scopes")).toBe("true");
    expect((await api("/auth/google/authorize?scope=drive")).status).toBe(422);
  });

  it("returns to the first allowed frontend when no redirect_uri is given", async () => {
    const response = await api("/auth/google/authorize");
    const { params, cookie } = {
      params: new URL(response.headers.get("location") ?? "").searchParams,
      cookie: (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
    };
    const code = consent(params);
    const done = await callback({ state: params.get("state") ?? "", code }, cookie);
    expect(done.status).toBe(302);
    const target = new URL(done.headers.get("location") ?? "");
    expect(`${target.origin}${target.pathname}`).toBe(`${workerConfig().AUTH_REDIRECT_ORIGINS[0]}/`);
    expect(new URLSearchParams(target.hash.slice(1)).get("access_token")).toBeTruthy();
  });

  it("refuses a redirect_uri outside AUTH_REDIRECT_ORIGINS with 422", async () => {
    const response = await api(
      `/auth/google/authorize?redirect_uri=${encodeURIComponent("https://evil.example/x")}`,
    );
    expect(response.status).toBe(422);
    const problem = await response.json<ProblemBody>();
    expect(problem.errors?.map((error) => error.path)).toEqual(["redirect_uri"]);
  });
});

describe("GET /api/v1/auth/google/callback", () => {
  it("exchanges the code with the PKCE verifier and hands the tokens over in the fragment", async () => {
    const { params, cookie } = await authorize();
    const response = await callback({ state: params.get("state") ?? "", code: consent(params) }, cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const target = new URL(response.headers.get("location") ?? "");
    expect(`${target.origin}${target.pathname}`).toBe(frontend);
    expect(target.search).toBe("");
    const fragment = new URLSearchParams(target.hash.slice(1));
    expect(fragment.get("token_type")).toBe("Bearer");
    expect(fragment.get("refresh_token")).toBeTruthy();

    const exchange = google.tokenRequests.at(-1);
    expect(exchange?.get("code_verifier")).toMatch(/^[\w-]{43,128}$/);
    expect(exchange?.get("redirect_uri")).toBe(CALLBACK);

    const me = await api("/auth/me", {
      headers: { authorization: `Bearer ${fragment.get("access_token")}` },
    });
    expect(await me.json()).toMatchObject({ has_sheets_access: true });
  });

  it("accepts a state only once", async () => {
    const { params, cookie } = await authorize();
    const state = params.get("state") ?? "";
    expect((await callback({ state, code: consent(params) }, cookie)).status).toBe(302);
    const replay = await callback({ state, code: consent(params) }, cookie);
    expect(replay.status).toBe(400);
    expect((await replay.json<ProblemBody>()).error_code).toBe("INVALID_STATE");
  });

  it.each([
    ["a missing state", () => ({ code: "x" })],
    ["an unknown state", () => ({ state: "forged", code: "x" })],
  ])("answers 400 INVALID_STATE for %s", async (_, query) => {
    const { cookie } = await authorize();
    const response = await callback(query(), cookie);
    expect(response.status).toBe(400);
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_STATE");
  });

  it("answers 400 INVALID_STATE when the callback comes from another browser", async () => {
    const { params } = await authorize();
    const response = await callback({ state: params.get("state") ?? "", code: consent(params) });
    expect(response.status).toBe(400);
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_STATE");
  });

  it("answers 400 INVALID_STATE for an expired state", async () => {
    const { params, cookie } = await authorize();
    await env.DB.prepare("UPDATE oauth_states SET expires_at = ?")
      .bind(Date.now() - 1)
      .run();
    const response = await callback({ state: params.get("state") ?? "", code: consent(params) }, cookie);
    expect(response.status).toBe(400);
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_STATE");
  });

  it("answers 400 INVALID_STATE when the stored PKCE verifier was tampered with", async () => {
    const { params, cookie } = await authorize();
    await env.DB.prepare("UPDATE oauth_states SET code_verifier = 'v1.tampered.aaaa.bbbb'").run();
    const response = await callback({ state: params.get("state") ?? "", code: consent(params) }, cookie);
    expect(response.status).toBe(400);
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_STATE");
  });

  it("reports a code Google refuses (wrong PKCE verifier) to the frontend, never in a query string", async () => {
    const { params, cookie } = await authorize();
    const code = google.issueCode(newAccount(), {
      redirectUri: CALLBACK,
      codeChallenge: "challenge-of-another-verifier",
    });
    const response = await callback({ state: params.get("state") ?? "", code }, cookie);
    const target = new URL(response.headers.get("location") ?? "");
    expect(target.search).toBe("");
    expect(new URLSearchParams(target.hash.slice(1)).get("error")).toBe("GOOGLE_AUTH_FAILED");
  });

  it("sends the browser back to the frontend with INTERNAL_ERROR when sign-in fails unexpectedly", async () => {
    const { params, cookie } = await authorize();
    await env.DB.prepare(
      `CREATE TRIGGER ${FAIL_TRIGGER} BEFORE INSERT ON sessions WHEN NEW.user_agent = '${FAILING_AGENT}'
       BEGIN SELECT RAISE(ABORT, 'session insert failed (test)'); END`,
    ).run();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    let response: Response;
    try {
      response = await callback({ state: params.get("state") ?? "", code: consent(params) }, cookie, {
        "user-agent": FAILING_AGENT,
      });
    } finally {
      logged.mockRestore();
      await env.DB.prepare(`DROP TRIGGER IF EXISTS ${FAIL_TRIGGER}`).run();
    }
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get("location") ?? "");
    expect(`${target.origin}${target.pathname}`).toBe(frontend);
    expect(target.search).toBe("");
    expect(Object.fromEntries(new URLSearchParams(target.hash.slice(1)))).toEqual({
      error: "INTERNAL_ERROR",
    });
  });

  it("forwards a refusal on Google's consent screen to the frontend", async () => {
    const { params, cookie } = await authorize();
    const response = await callback({ state: params.get("state") ?? "", error: "access_denied" }, cookie);
    const target = new URL(response.headers.get("location") ?? "");
    expect(new URLSearchParams(target.hash.slice(1)).get("error")).toBe("access_denied");
  });
});
