import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/app";
import { authHeaders, signIn } from "../helpers/auth";

const PRODUCTION = {
  ENVIRONMENT: "production",
  DEV_LOGIN: "false",
  JWT_SECRET: "production-jwt-secret-for-tests-only-0123456789",
  TOKEN_ENCRYPTION_KEY: "cHJvZHVjdGlvbi1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=",
  GOOGLE_CLIENT_ID: "prod.apps.googleusercontent.com",
  GOOGLE_CLIENT_SECRET: "prod-secret",
};

function devLogin(body: unknown) {
  return new Request("https://api.test/api/v1/auth/dev-login", {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "vitest" },
    body: JSON.stringify(body),
  });
}

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
    const response = await buildApp().fetch(devLogin({ email: "a@example.test" }), { ...env, ...PRODUCTION });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error_code: "NOT_FOUND" });
  });

  it("does not exist in development when DEV_LOGIN is off", async () => {
    const response = await buildApp().fetch(devLogin({ email: "a@example.test" }), {
      ...env,
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
