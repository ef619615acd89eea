import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { network } from "../helpers/network";

/** An app with one route that fails the way a bug would. */
function appWithBug() {
  const app = createApp();
  app.get("/boom", () => {
    throw new Error("database password is hunter2");
  });
  return app;
}

async function callBug(overrides: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const response = await appWithBug().fetch(
    new Request("https://api.test/boom"),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

describe("an unexpected error", () => {
  it("answers 500 problem+json with a generic detail, never the error's message", async () => {
    const response = await callBug();
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error_code: "INTERNAL_ERROR", status: 500 });
    expect(text).not.toContain("hunter2");
  });

  it("is reported to Sentry when SENTRY_DSN is set", async () => {
    const envelopes: string[] = [];
    network.use(
      http.post("https://sentry.test/api/42/envelope/", async ({ request }) => {
        envelopes.push(await request.text());
        return HttpResponse.json({ id: "ok" });
      }),
    );
    const response = await callBug({ SENTRY_DSN: "https://publickey@sentry.test/42" });
    expect(response.status).toBe(500);
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]).toContain("database password is hunter2");
    expect(envelopes[0]).not.toMatch(/authorization/i);
  });
});
