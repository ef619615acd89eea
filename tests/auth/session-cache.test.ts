import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { sessions } from "../../src/db/schema";
import { callApp } from "../helpers/app";
import { authHeaders, signIn } from "../helpers/auth";

const CACHED = { SESSION_CACHE_SECONDS: "30" };

describe("the per-isolate session cache", () => {
  it("spares D1 within its window, and logout still ends the session at once", async () => {
    const user = await signIn();
    const me = () => callApp("/api/v1/auth/me", { headers: authHeaders(user.accessToken) }, CACHED);
    expect((await me()).status).toBe(200);

    // Revoked behind the API's back: this isolate keeps trusting its check for the window.
    await createDb(env.DB)
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(eq(sessions.userId, user.userId));
    expect((await me()).status).toBe(200);
    const uncached = await callApp(
      "/api/v1/auth/me",
      { headers: authHeaders(user.accessToken) },
      { SESSION_CACHE_SECONDS: "0" },
    );
    expect(uncached.status).toBe(401);
  });

  it("forgets a session revoked through the API", async () => {
    const user = await signIn();
    const me = () => callApp("/api/v1/auth/me", { headers: authHeaders(user.accessToken) }, CACHED);
    expect((await me()).status).toBe(200);
    const logout = await callApp(
      "/api/v1/auth/logout",
      { method: "POST", headers: authHeaders(user.accessToken) },
      CACHED,
    );
    expect(logout.status).toBe(204);
    expect((await me()).status).toBe(401);
  });
});
