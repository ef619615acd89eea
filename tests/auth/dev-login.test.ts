import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { callApp, PRODUCTION_ENV } from "../helpers/app";
import { authHeaders, signIn } from "../helpers/auth";

const DEV_LOGIN_PATH = "/api/v1/auth/dev-login";

function devLoginInit(body: unknown): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "vitest" },
    body: JSON.stringify(body),
  };
}

const devLogin = (body: unknown) => new Request(`https://api.test${DEV_LOGIN_PATH}`, devLoginInit(body));

describe("POST /api/v1/auth/dev-login", () => {
  it("creates the user and returns the token response", async () => {
    const response = await SELF.fetch(devLogin({ email: "Dev.Person@Example.test", name: "Dev" }));
    expect(response.status).toBe(200);
    const body = await response.json<Record<string, unknown> & { user: Record<string, unknown> }>();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 900 });
    expect(typeof body.access_token).toBe("string");
    expect(typeof body.refresh_token).toBe("string");
    expect(body.user).toMatchObject({
      email: "dev.person@example.test",
      name: "Dev",
      picture: null,
      role: "user",
      has_sheets_access: false,
    });
    expect(new Date(String(body.user.created_at)).toISOString()).toBe(body.user.created_at);
    expect(new Date(String(body.user.last_login_at)).toISOString()).toBe(body.user.last_login_at);
  });

  it("signs the same email into the same user", async () => {
    const first = await signIn("same@example.test");
    const second = await signIn("same@example.test");
    expect(second.userId).toBe(first.userId);
  });

  it("rejects an invalid body with 422 and field errors", async () => {
    const response = await SELF.fetch(devLogin({ email: "not-an-email" }));
    expect(response.status).toBe(422);
    const body = await response.json<{ error_code: string; errors: { path: string }[] }>();
    expect(body.error_code).toBe("VALIDATION_FAILED");
    expect(body.errors.map((error) => error.path)).toContain("email");
  });

  it("does not exist with a production configuration", async () => {
    const response = await callApp(DEV_LOGIN_PATH, devLoginInit({ email: "a@example.test" }), PRODUCTION_ENV);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error_code: "NOT_FOUND" });
  });

  it("does not exist in development when DEV_LOGIN is off", async () => {
    const response = await callApp(DEV_LOGIN_PATH, devLoginInit({ email: "a@example.test" }), {
      DEV_LOGIN: "false",
    });
    expect(response.status).toBe(404);
  });

  it("gives tokens that authenticate /auth/me", async () => {
    const { accessToken, userId } = await signIn();
    const response = await SELF.fetch("https://api.test/api/v1/auth/me", {
      headers: authHeaders(accessToken),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: userId, role: "user" });
  });
});
