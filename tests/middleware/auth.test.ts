import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { createRoute, z } from "@hono/zod-openapi";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { AUTH_ERRORS, problemResponses } from "../../src/lib/problem-responses";
import { requireAuth, requireRole } from "../../src/middleware/auth";
import { authHeaders, signIn } from "../helpers/auth";
import { postJson } from "../helpers/http";
import { workerConfig } from "../helpers/worker-config";

const ok = {
  200: { description: "ok", content: { "application/json": { schema: z.object({}).passthrough() } } },
};

/** A tiny app with one route per guard, built on the real app factory (config, errors). */
const app = createApp()
  .openapi(
    createRoute({
      method: "get",
      path: "/jobs",
      middleware: [requireAuth({ scopes: ["jobs:write"] })] as const,
      security: [{ bearerAuth: [] }],
      responses: { ...ok, ...problemResponses(...AUTH_ERRORS) },
    }),
    (c) => {
      const { userId, role, kind, scopes } = c.var.principal;
      return c.json({ userId, role, kind, scopes: [...scopes] }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/admin",
      middleware: [requireAuth(), requireRole("admin")] as const,
      security: [{ bearerAuth: [] }],
      responses: { ...ok, ...problemResponses(...AUTH_ERRORS) },
    }),
    (c) => c.json({ role: c.var.principal.role }, 200),
  );

/** Calls the app as the runtime would, with an execution context (API-key use is recorded through waitUntil). */
async function call(path: string, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`https://guards.test${path}`, { headers }), env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function problem(response: Response) {
  return { status: response.status, ...(await response.json<{ error_code: string }>()) };
}

async function createKey(accessToken: string, scopes: string[]) {
  const response = await postJson("/api-keys", { name: "ci", scopes }, authHeaders(accessToken));
  return (await response.json<{ key: string; id: string }>()).key;
}

describe("requireAuth", () => {
  it("answers 401 with a bare Bearer challenge when no token is sent", async () => {
    const response = await call("/jobs");
    expect(await problem(response)).toMatchObject({ status: 401, error_code: "UNAUTHENTICATED" });
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="french-novel-tool"');
  });

  it.each([
    ["a malformed token", "Bearer not-a-jwt"],
    ["a tampered token", "TAMPER"],
    ["an expired token", "EXPIRED"],
    ["an unknown API key", "Bearer fnt_unknown"],
  ])("answers 401 invalid_token for %s", async (_, header) => {
    const { accessToken } = await signIn();
    let authorization = header;
    if (header === "TAMPER") authorization = `Bearer ${accessToken.slice(0, -2)}xx`;
    if (header === "EXPIRED") {
      const [encodedHeader] = accessToken.split(".");
      const { kid } = JSON.parse(atob(encodedHeader ?? "")) as { kid: string };
      const expired = await new SignJWT({ sid: "s" })
        .setProtectedHeader({ alg: "HS256", kid })
        .setSubject("u")
        .setIssuer("french-novel-tool")
        .setAudience("french-novel-tool-api")
        .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
        .sign(new TextEncoder().encode(workerConfig().JWT_SECRET));
      authorization = `Bearer ${expired}`;
    }
    const response = await call("/jobs", { authorization });
    expect(await problem(response)).toMatchObject({ status: 401, error_code: "UNAUTHENTICATED" });
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("lets a session through with every scope", async () => {
    const { accessToken, userId } = await signIn();
    const response = await call("/jobs", authHeaders(accessToken));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId, kind: "session", role: "user" });
  });

  it("lets an API key through when it holds the route's scope", async () => {
    const { accessToken, userId } = await signIn();
    const key = await createKey(accessToken, ["jobs:write"]);
    const response = await call("/jobs", authHeaders(key));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId, kind: "api_key", scopes: ["jobs:write"] });
  });

  it("answers 403 FORBIDDEN to an API key without the route's scope", async () => {
    const { accessToken } = await signIn();
    const key = await createKey(accessToken, ["jobs:read", "history:read"]);
    const response = await call("/jobs", authHeaders(key));
    expect(await problem(response)).toMatchObject({ status: 403, error_code: "FORBIDDEN" });
    expect(response.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });

  it("answers 403 ACCOUNT_DISABLED to a deactivated user's API key", async () => {
    const { accessToken, userId } = await signIn();
    const key = await createKey(accessToken, ["jobs:write"]);
    await env.DB.prepare("UPDATE users SET is_active = 0 WHERE id = ?").bind(userId).run();
    expect(await problem(await call("/jobs", authHeaders(key)))).toMatchObject({
      status: 403,
      error_code: "ACCOUNT_DISABLED",
    });
  });
});

describe("requireRole", () => {
  it("answers 403 FORBIDDEN to a user without the role", async () => {
    const { accessToken } = await signIn();
    expect(await problem(await call("/admin", authHeaders(accessToken)))).toMatchObject({
      status: 403,
      error_code: "FORBIDDEN",
    });
  });

  it("lets an admin through (the role is read fresh, not from the token)", async () => {
    const { accessToken, userId } = await signIn();
    await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?").bind(userId).run();
    const response = await call("/admin", authHeaders(accessToken));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ role: "admin" });
  });

  it("answers 401 before checking the role when no token is sent", async () => {
    expect((await call("/admin")).status).toBe(401);
  });
});
