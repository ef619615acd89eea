import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";

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
});
