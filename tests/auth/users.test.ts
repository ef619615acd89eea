import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { upsertUser } from "../../src/auth/users";
import { createDb } from "../../src/db/client";
import type { ApiError } from "../../src/lib/errors";
import { callApp } from "../helpers/app";
import { authHeaders, signIn } from "../helpers/auth";
import { FakeGoogle, newAccount, signIdToken } from "../helpers/fake-google";
import { postJson } from "../helpers/http";
import { workerConfig } from "../helpers/worker-config";

const db = () => createDb(env.DB);

beforeEach(() => {
  new FakeGoogle().install();
});

describe("upsertUser", () => {
  it("makes ADMIN_EMAILS admins at sign-in, case-insensitively", async () => {
    const config = workerConfig({ ADMIN_EMAILS: ["boss@example.test"] });
    const user = await upsertUser(db(), config, { email: "Boss@Example.test", name: "B", picture: null });
    expect(user.role).toBe("admin");
    expect(user.email).toBe("boss@example.test");
  });

  it("demotes an ADMIN_EMAILS admin whose address left the list; keeps an admin made through the API", async () => {
    const email = `former-${crypto.randomUUID()}@example.test`;
    const listed = workerConfig({ ADMIN_EMAILS: [email] });
    const promoted = await upsertUser(db(), listed, { email, name: null, picture: null });
    expect(promoted).toMatchObject({ role: "admin", roleSource: "admin_emails" });
    const demoted = await upsertUser(db(), workerConfig(), { email, name: null, picture: null });
    expect(demoted).toMatchObject({ role: "user", roleSource: "default" });

    await env.DB.prepare("UPDATE users SET role = 'admin', role_source = 'admin_api' WHERE id = ?")
      .bind(demoted.id)
      .run();
    const kept = await upsertUser(db(), workerConfig(), { email, name: null, picture: null });
    expect(kept.role).toBe("admin");
  });

  it("keeps a role granted elsewhere (premium) for other emails", async () => {
    const email = `premium-${crypto.randomUUID()}@example.test`;
    const first = await upsertUser(db(), workerConfig(), { email, name: null, picture: null });
    await env.DB.prepare("UPDATE users SET role = 'premium' WHERE id = ?").bind(first.id).run();
    const again = await upsertUser(db(), workerConfig(), { email, name: null, picture: null });
    expect(again.role).toBe("premium");
  });

  it("links a Google account to an existing account with the same (verified) email", async () => {
    const { userId } = await signIn("linked@example.test");
    const account = newAccount({ email: "linked@example.test" });
    const response = await postJson("/auth/google", { id_token: await signIdToken(account) });
    expect((await response.json<{ user: { id: string } }>()).user.id).toBe(userId);
  });

  it("lets concurrent first sign-ins of the same person all land on one account", async () => {
    const profile = {
      googleSub: `sub-${crypto.randomUUID()}`,
      email: `race-${crypto.randomUUID()}@example.test`,
    };
    const signIns = await Promise.all(
      Array.from({ length: 4 }, () =>
        upsertUser(db(), workerConfig(), { ...profile, name: null, picture: null }),
      ),
    );
    expect(new Set(signIns.map((user) => user.id)).size).toBe(1);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE email = ?")
      .bind(profile.email)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it("refuses with CONFLICT when another Google account already holds the email", async () => {
    const email = `taken-${crypto.randomUUID()}@example.test`;
    await upsertUser(db(), workerConfig(), { googleSub: "sub-a", email, name: null, picture: null });
    const error = await upsertUser(db(), workerConfig(), {
      googleSub: "sub-b",
      email,
      name: null,
      picture: null,
    }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("CONFLICT");
  });
});

describe("signing-key rotation", () => {
  it("keeps sessions signed with the previous JWT secret working", async () => {
    const { accessToken, userId } = await signIn();
    const previous = workerConfig().JWT_SECRET;
    const rotated = {
      JWT_SECRET: "a-new-jwt-secret-after-rotation-0123456789",
      JWT_PREVIOUS_SECRETS: previous,
    };
    const response = await callApp("/api/v1/auth/me", { headers: authHeaders(accessToken) }, rotated);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: userId });

    const dropped = await callApp(
      "/api/v1/auth/me",
      { headers: authHeaders(accessToken) },
      {
        JWT_SECRET: rotated.JWT_SECRET,
        JWT_PREVIOUS_SECRETS: "",
      },
    );
    expect(dropped.status).toBe(401);
  });
});
