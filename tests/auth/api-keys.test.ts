import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { authHeaders, signIn } from "../helpers/auth";
import { api, type ProblemBody, postJson } from "./http";

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
    const me = await api("/auth/me", { headers: authHeaders(created.key) });
    expect(await me.json()).toMatchObject({ id: userId });
    const [listed] = (await (await list(accessToken)).json<{ api_keys: CreatedKey[] }>()).api_keys;
    expect(listed?.last_used_at).not.toBeNull();
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
