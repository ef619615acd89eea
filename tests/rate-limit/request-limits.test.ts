import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { type UserRole, users } from "../../src/db/schema";
import { callApp } from "../helpers/app";
import { authHeaders, signIn } from "../helpers/auth";

const LIMITS: Record<UserRole, number> = { user: 3, premium: 5, admin: 7 };
const PLANS = {
  PLANS: JSON.stringify(
    Object.fromEntries(Object.entries(LIMITS).map(([name, limit]) => [name, { requests_per_minute: limit }])),
  ),
};

async function signInAs(role: UserRole) {
  const user = await signIn();
  await createDb(env.DB).update(users).set({ role }).where(eq(users.id, user.userId));
  return user;
}

const me = (token: string, headers: Record<string, string> = {}) =>
  callApp("/api/v1/auth/me", { headers: { ...authHeaders(token), ...headers } }, PLANS);

describe("per-user request limits", () => {
  it.each(Object.entries(LIMITS) as [UserRole, number][])(
    "the %s plan allows %i requests a minute, says so in RateLimit fields, then answers 429 with Retry-After",
    async (role, limit) => {
      const user = await signInAs(role);
      for (let i = 1; i <= limit; i++) {
        const response = await me(user.accessToken);
        expect(response.status).toBe(200);
        expect(response.headers.get("ratelimit-policy")).toBe(`"requests";q=${limit};w=60`);
        expect(response.headers.get("ratelimit")).toMatch(new RegExp(`^"requests";r=${limit - i};t=\\d+$`));
      }
      const refused = await me(user.accessToken);
      expect(refused.status).toBe(429);
      const body = await refused.json<{ error_code: string; detail: string }>();
      expect(body.error_code).toBe("RATE_LIMITED");
      expect(body.detail).toContain(`At most ${limit} requests per minute`);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get("ratelimit")).toMatch(/^"requests";r=0;t=\d+$/);
      expect(refused.headers.get("ratelimit-policy")).toBe(`"requests";q=${limit};w=60`);
    },
  );

  it("an API key spends its owner's budget: the key and the session are refused together", async () => {
    const user = await signInAs("user");
    const created = await callApp(
      "/api/v1/api-keys",
      {
        method: "POST",
        headers: { ...authHeaders(user.accessToken), "content-type": "application/json" },
        body: JSON.stringify({ name: "script", scopes: ["history:read"] }),
      },
      PLANS,
    );
    expect(created.status).toBe(201);
    const { key } = await created.json<{ key: string }>();
    const history = () => callApp("/api/v1/history", { headers: authHeaders(key) }, PLANS);
    expect((await history()).status).toBe(200);
    const last = await history();
    expect(last.status).toBe(200);
    expect(last.headers.get("ratelimit")).toMatch(/^"requests";r=0;/);
    const refused = await history();
    expect(refused.status).toBe(429);
    expect((await me(user.accessToken)).status).toBe(429);
  });

  it("requests arriving together share leases and never exceed the limit", async () => {
    const user = await signInAs("user");
    const plans = { PLANS: JSON.stringify({ user: { requests_per_minute: 40 } }) };
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () =>
        callApp("/api/v1/settings", { headers: authHeaders(user.accessToken) }, plans).then((r) => r.status),
      ),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(40);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  });

  it("users are counted apart", async () => {
    const [first, second] = [await signInAs("user"), await signInAs("user")];
    for (let i = 0; i < LIMITS.user; i++) await me(first.accessToken);
    expect((await me(first.accessToken)).status).toBe(429);
    expect((await me(second.accessToken)).status).toBe(200);
  });
});

describe("per-address request limit on routes that need no sign-in", () => {
  const limit = { ANONYMOUS_REQUESTS_PER_MINUTE: "3" };
  const from = (address: string, path = "/health") =>
    callApp(path, { headers: { "cf-connecting-ip": address } }, limit);

  it("counts health, docs and unknown paths per address; 429 with Retry-After past the limit", async () => {
    const address = `192.0.2.${Math.floor(Math.random() * 250)}`;
    const first = await from(address);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBe(`"address";q=3;w=60`);
    expect(first.headers.get("ratelimit")).toMatch(/^"address";r=2;t=\d+$/);
    expect((await from(address, "/api/openapi.json")).status).toBe(200);
    expect((await from(address, "/api/v1/nothing-here")).status).toBe(404);
    const refused = await from(address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await from("198.18.0.1")).status).toBe(200);
  });

  it("an authenticated route is counted per user, not per address", async () => {
    const user = await signIn();
    const address = `192.0.2.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 5; i++) {
      const response = await callApp(
        "/api/v1/auth/me",
        { headers: { ...authHeaders(user.accessToken), "cf-connecting-ip": address } },
        limit,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-policy")).toMatch(/^"requests";/);
    }
  });

  it("sign-in routes carry both the address and the sign-in policies", async () => {
    const response = await callApp(
      "/api/v1/auth/dev-login",
      {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": "198.18.0.2" },
        body: JSON.stringify({ email: `someone-${crypto.randomUUID()}@example.test` }),
      },
      { ...limit, SIGN_INS_PER_MINUTE: "30" },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-policy")).toBe(`"sign-in";q=30;w=60, "address";q=3;w=60`);
    expect(response.headers.get("ratelimit")).toMatch(/^"sign-in";r=29;t=\d+, "address";r=2;t=\d+$/);
  });
});

describe("RateLimiter leases", () => {
  const limiter = () => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`lease-${crypto.randomUUID()}`));

  it("grants at most what the window has left, then refuses with the time to wait", async () => {
    const stub = limiter();
    const first = await stub.lease("requests:requests", 12, 60, 10);
    expect(first).toMatchObject({ granted: 10, remaining: 2, allowed: true });
    const second = await stub.lease("requests:requests", 12, 60, 10);
    expect(second).toMatchObject({ granted: 2, remaining: 0 });
    const refused = await stub.lease("requests:requests", 12, 60, 10);
    expect(refused.granted).toBe(0);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("takes back what an earlier lease left unspent, in the window that counted it", async () => {
    const stub = limiter();
    const first = await stub.lease("requests:requests", 20, 60, 10);
    const again = await stub.lease("requests:requests", 20, 60, 10, {
      count: 9,
      windowStart: first.windowStart,
    });
    // One unit of the first lease was spent: 1 + 10 are counted now.
    expect(again).toMatchObject({ granted: 10, remaining: 9 });
    const stale = await stub.lease("requests:requests", 20, 60, 1, {
      count: 5,
      windowStart: first.windowStart - 120_000,
    });
    expect(stale.remaining).toBe(8);
  });
});
