import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { findApiKey } from "../../src/auth/api-keys";
import { createDb } from "../../src/db/client";
import { callApp } from "../helpers/app";
import { authHeaders, signIn } from "../helpers/auth";
import { api, type ProblemBody, postJson } from "../helpers/http";

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  name: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
}

async function createKey(accessToken: string, body: unknown = { name: "Zapier", scopes: ["jobs:read"] }) {
  return postJson("/api-keys", body, authHeaders(accessToken));
}

const list = (token: string) => api("/api-keys", { headers: authHeaders(token) });

const FAIL_TRIGGER = "test_fail_api_key_last_used";

async function lastUsedAt(keyId: string): Promise<number | null> {
  const row = await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?")
    .bind(keyId)
    .first<{ last_used_at: number | null }>();
  return row?.last_used_at ?? null;
}

describe("POST /api/v1/api-keys", () => {
  it("returns the key once, recognisable and stored only as a hash", async () => {
    const { accessToken } = await signIn();
    const response = await createKey(accessToken, { name: "Zapier", scopes: ["jobs:read", "exports:write"] });
    expect(response.status).toBe(201);
    const created = await response.json<CreatedKey>();
    expect(created.key).toMatch(/^fnt_[\w-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({
      name: "Zapier",
      scopes: ["jobs:read", "exports:write"],
      last_used_at: null,
    });

    const rows = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(created.id).all();
    expect(JSON.stringify(rows.results)).not.toContain(created.key);
  });

  it.each([
    ["an unknown scope", { name: "x", scopes: ["everything"] }],
    ["no scopes", { name: "x", scopes: [] }],
    ["no name", { scopes: ["jobs:read"] }],
  ])("answers 422 for %s", async (_, body) => {
    const { accessToken } = await signIn();
    const response = await createKey(accessToken, body);
    expect(response.status).toBe(422);
    expect((await response.json<ProblemBody>()).error_code).toBe("VALIDATION_FAILED");
  });

  it("answers 401 without a session", async () => {
    const response = await postJson("/api-keys", { name: "x", scopes: ["jobs:read"] });
    expect(response.status).toBe(401);
  });
});

describe("using an API key", () => {
  it("authenticates as its owner and records when it was last used", async () => {
    const { accessToken, userId } = await signIn();
    const created = await (await createKey(accessToken)).json<CreatedKey>();
    // The use is recorded after the response (waitUntil): callApp waits for that work to finish.
    const me = await callApp("/api/v1/auth/me", { headers: authHeaders(created.key) });
    expect(await me.json()).toMatchObject({ id: userId });
    const [listed] = (await (await list(accessToken)).json<{ api_keys: CreatedKey[] }>()).api_keys;
    expect(listed?.last_used_at).not.toBeNull();
  });

  it("records the use off the request path, at most once per resolution window", async () => {
    const { accessToken } = await signIn();
    const created = await (await createKey(accessToken)).json<CreatedKey>();
    const deferred: Promise<unknown>[] = [];
    const found = await findApiKey(createDb(env.DB), created.key, (promise) => deferred.push(promise));
    expect(found?.apiKey.id).toBe(created.id);
    expect(deferred).toHaveLength(1);
    await Promise.all(deferred);
    const first = await lastUsedAt(created.id);
    expect(first).not.toBeNull();

    deferred.length = 0;
    await findApiKey(createDb(env.DB), created.key, (promise) => deferred.push(promise));
    expect(deferred).toHaveLength(0);
    expect(await lastUsedAt(created.id)).toBe(first);
  });

  it("still authenticates when recording the use fails, and logs the failure", async () => {
    const { accessToken, userId } = await signIn();
    const created = await (await createKey(accessToken)).json<CreatedKey>();
    await env.DB.prepare(
      `CREATE TRIGGER ${FAIL_TRIGGER} BEFORE UPDATE OF last_used_at ON api_keys WHEN NEW.id = '${created.id}'
       BEGIN SELECT RAISE(ABORT, 'last_used_at update failed (test)'); END`,
    ).run();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const me = await callApp("/api/v1/auth/me", { headers: authHeaders(created.key) });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id: userId });
      const logged = warn.mock.calls.map(([line]) => String(line));
      expect(logged.some((line) => line.includes("api key last_used_at update failed"))).toBe(true);
    } finally {
      warn.mockRestore();
      await env.DB.prepare(`DROP TRIGGER IF EXISTS ${FAIL_TRIGGER}`).run();
    }
    expect(await lastUsedAt(created.id)).toBeNull();
  });

  it("cannot manage API keys or sessions (403)", async () => {
    const { accessToken } = await signIn();
    const { key } = await (await createKey(accessToken)).json<CreatedKey>();
    for (const response of [
      await list(key),
      await createKey(key),
      await api("/auth/sessions", { headers: authHeaders(key) }),
      await api("/auth/logout", { method: "POST", headers: authHeaders(key) }),
    ]) {
      expect(response.status).toBe(403);
      expect((await response.json<ProblemBody>()).error_code).toBe("FORBIDDEN");
    }
  });
});

describe("GET and DELETE /api/v1/api-keys", () => {
  it("lists my keys without secrets and revokes one", async () => {
    const { accessToken } = await signIn();
    const created = await (await createKey(accessToken)).json<CreatedKey>();
    const { api_keys } = await (await list(accessToken)).json<{ api_keys: Record<string, unknown>[] }>();
    expect(api_keys).toHaveLength(1);
    expect(Object.keys(api_keys[0] ?? {}).sort()).toEqual(
      ["created_at", "id", "last_used_at", "name", "prefix", "scopes"].sort(),
    );

    const revoke = await api(`/api-keys/${created.id}`, {
      method: "DELETE",
      headers: authHeaders(accessToken),
    });
    expect(revoke.status).toBe(204);
    expect((await api("/auth/me", { headers: authHeaders(created.key) })).status).toBe(401);
    expect((await (await list(accessToken)).json<{ api_keys: unknown[] }>()).api_keys).toHaveLength(0);
  });

  it("answers 404 for another user's key, which keeps working", async () => {
    const owner = await signIn();
    const attacker = await signIn();
    const created = await (await createKey(owner.accessToken)).json<CreatedKey>();
    const response = await api(`/api-keys/${created.id}`, {
      method: "DELETE",
      headers: authHeaders(attacker.accessToken),
    });
    expect(response.status).toBe(404);
    expect((await api("/auth/me", { headers: authHeaders(created.key) })).status).toBe(200);
  });
});
