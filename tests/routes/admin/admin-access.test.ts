import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../../src/db/client";
import { auditLog } from "../../../src/db/schema";
import { callAs, signInAs } from "../../helpers/admin";
import { api } from "../../helpers/http";

const ID = "0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11";
const ROUTES: [method: string, path: string, body?: unknown][] = [
  ["GET", "/admin/users"],
  ["GET", `/admin/users/${ID}`],
  ["PUT", `/admin/users/${ID}/role`, { role: "admin" }],
  ["POST", `/admin/users/${ID}/deactivate`],
  ["POST", `/admin/users/${ID}/reactivate`],
  ["POST", `/admin/users/${ID}/grants`, { pages: 10 }],
  ["GET", "/admin/jobs?status=failed"],
  ["POST", `/admin/jobs/${ID}/retry`],
  ["GET", "/admin/audit"],
  ["GET", "/admin/stats"],
];

const createKey = async (token: string, scopes: string[]) => {
  const response = await callAs(token, "POST", "/api-keys", { name: "k", scopes });
  expect(response.status).toBe(201);
  return (await response.json<{ key: string }>()).key;
};

describe("who may call the admin API", () => {
  it.each(["user", "premium"] as const)(
    "refuses every admin route to a %s (403), and audits each refusal",
    async (role) => {
      const caller = await signInAs(role);
      for (const [method, path, body] of ROUTES) {
        const response = await callAs(caller.accessToken, method, path, body);
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(await response.json()).toMatchObject({ error_code: "FORBIDDEN" });
      }
      const rows = await createDb(env.DB).select().from(auditLog).where(eq(auditLog.actorId, caller.userId));
      expect(rows).toHaveLength(ROUTES.length);
      expect(rows.every((row) => row.status === 403)).toBe(true);
      expect(rows.map((row) => row.action).sort()).toEqual(
        [
          "users.list",
          "users.read",
          "users.role",
          "users.deactivate",
          "users.reactivate",
          "users.grant",
          "jobs.list",
          "jobs.retry",
          "audit.list",
          "stats.read",
        ].sort(),
      );
    },
  );

  it("answers 401 without credentials", async () => {
    expect((await api("/admin/users")).status).toBe(401);
  });

  it("takes an API key only with the admin scope and an admin owner", async () => {
    const admin = await signInAs("admin");
    const adminKey = await createKey(admin.accessToken, ["admin"]);
    const adminKeyWithoutScope = await createKey(admin.accessToken, ["jobs:read"]);
    const user = await signInAs("user");
    const userKey = await createKey(user.accessToken, ["admin", "jobs:read"]);

    expect((await callAs(adminKey, "GET", "/admin/stats")).status).toBe(200);
    const unscoped = await callAs(adminKeyWithoutScope, "GET", "/admin/stats");
    expect(unscoped.status).toBe(403);
    expect(unscoped.headers.get("www-authenticate")).toContain('scope="admin"');
    expect((await callAs(userKey, "GET", "/admin/stats")).status).toBe(403);
  });

  it("lets an admin session through and records the call with its route, target and body", async () => {
    const admin = await signInAs("admin");
    const target = await signInAs("user");
    const response = await callAs(admin.accessToken, "POST", `/admin/users/${target.userId}/grants`, {
      pages: 25,
      note: "goodwill",
    });
    expect(response.status).toBe(201);
    const [row] = await createDb(env.DB).select().from(auditLog).where(eq(auditLog.actorId, admin.userId));
    expect(row).toMatchObject({
      action: "users.grant",
      method: "POST",
      route: "/api/v1/admin/users/:id/grants",
      targetId: target.userId,
      status: 201,
      details: { body: { pages: 25, note: "goodwill" } },
    });
  });
});

describe("GET /admin/audit", () => {
  it("pages an admin's calls newest first, each once, and refuses a cursor it did not give", async () => {
    const admin = await signInAs("admin");
    for (const path of ["/admin/stats", "/admin/users", "/admin/jobs"]) {
      expect((await callAs(admin.accessToken, "GET", path)).status).toBe(200);
    }
    const seen: { id: string; route: string }[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const query = `actor_id=${admin.userId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await callAs(admin.accessToken, "GET", `/admin/audit?${query}`);
      expect(response.status).toBe(200);
      const page = await response.json<{
        items: { id: string; route: string }[];
        next_cursor: string | null;
      }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.next_cursor;
    }
    expect(seen.slice(-3).map((item) => item.route)).toEqual([
      "/api/v1/admin/jobs",
      "/api/v1/admin/users",
      "/api/v1/admin/stats",
    ]);
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    expect((await callAs(admin.accessToken, "GET", "/admin/audit?cursor=nonsense")).status).toBe(422);
  });
});
