import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cachedSession, rememberSession } from "../../src/auth/session-cache";
import { revokeSession } from "../../src/auth/sessions";
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

  it("stays clear of a session re-cached while its revocation was being written", async () => {
    const user = await signIn();
    const [session] = await createDb(env.DB).select().from(sessions).where(eq(sessions.userId, user.userId));
    const sessionId = session?.id ?? "";
    const db = createDb(env.DB);
    // A concurrent request that read the session from D1 just before the revocation landed caches it again.
    const racing = new Proxy(db, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (property !== "update" || typeof value !== "function") {
          return typeof value === "function" ? value.bind(target) : value;
        }
        return (...args: unknown[]) => {
          rememberSession(
            sessionId,
            { userId: user.userId, role: "user", isActive: true, sessionExpiresAt: Date.now() + 60_000 },
            30_000,
            Date.now(),
          );
          return value.apply(target, args);
        };
      },
    });
    expect(await revokeSession(racing, user.userId, sessionId)).toBe(true);
    expect(cachedSession(sessionId, Date.now())).toBeUndefined();
  });
});
