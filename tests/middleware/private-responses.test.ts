import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { authHeaders, signIn } from "../helpers/auth";
import { api, postJson } from "../helpers/http";
import { seedPreparedJob } from "../helpers/seed-job";

/** Asserts that no cache, shared or the browser's, may keep the response. */
function expectNotStored(response: Response) {
  expect(response.headers.get("cache-control")).toBe("private, no-store");
  expect(response.headers.get("pragma")).toBe("no-cache");
}

describe("responses of the private API", () => {
  it("holding tokens are never stored: dev login, refresh, a new API key", async () => {
    const login = await postJson("/auth/dev-login", { email: `u-${crypto.randomUUID()}@example.test` });
    expect(login.status).toBe(200);
    expectNotStored(login);
    const tokens = await login.json<{ access_token: string; refresh_token: string }>();

    const refreshed = await postJson("/auth/refresh", { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expectNotStored(refreshed);

    const key = await postJson(
      "/api-keys",
      { name: "Sheets sync", scopes: ["jobs:read"] },
      authHeaders(tokens.access_token),
    );
    expect(key.status).toBe(201);
    expect(await key.json()).toHaveProperty("key");
    expectNotStored(key);
  });

  it("holding a user's data are never stored, as JSON, a page or an event stream", async () => {
    const user = await signIn();
    const me = await api("/auth/me", { headers: authHeaders(user.accessToken) });
    expect(me.status).toBe(200);
    expectNotStored(me);

    const { jobId } = await seedPreparedJob(user.userId, [["Il pleut."]]);
    await api(`/jobs/${jobId}/cancel`, { method: "POST", headers: authHeaders(user.accessToken) });
    const events = await api(`/jobs/${jobId}/events`, { headers: authHeaders(user.accessToken) });
    expect(events.headers.get("content-type")).toBe("text/event-stream");
    expectNotStored(events);
    await events.text();
  });

  it.each([
    ["a missing token", "/auth/me", 401],
    ["an unknown route", "/no-such-route", 404],
    ["the start of the Google redirect sign-in", "/auth/google/authorize", 302],
  ])("answering %s are never stored either", async (_, path, status) => {
    const response = await api(path);
    expect(response.status).toBe(status);
    expectNotStored(response);
  });
});

describe("public responses", () => {
  it.each([["/health"], ["/api/openapi.json"], ["/api/docs"]])("%s is not marked private", async (path) => {
    const response = await SELF.fetch(`https://api.test${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control") ?? "").not.toMatch(/private|no-store/);
  });
});
