import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PROBLEM_CONTENT_TYPE } from "../../src/lib/problem";

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
  const body = await response.json<Record<string, unknown>>();
  expect(body).toMatchObject({
    status: response.status,
    instance: expect.any(String),
    detail: expect.any(String),
  });
  expect(body.type).toMatch(/^https:\/\/french-novel-tool\.app\/problems\//);
  expect(Date.parse(String(body.timestamp))).not.toBeNaN();
  expect(body.request_id).toBe(response.headers.get("x-request-id"));
  return body;
}

describe("error responses are RFC 9457 problem+json", () => {
  it("404 for an unknown route", async () => {
    const response = await SELF.fetch("https://api.test/api/v1/nothing-here");
    expect(response.status).toBe(404);
    const body = await problem(response);
    expect(body).toMatchObject({
      error_code: "NOT_FOUND",
      title: "Not found",
      instance: "/api/v1/nothing-here",
    });
  });

  it("405 with an Allow header for a known path and the wrong method", async () => {
    const response = await SELF.fetch("https://api.test/health", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain("GET");
    expect(await problem(response)).toMatchObject({ error_code: "METHOD_NOT_ALLOWED" });
  });

  it("413 when a body exceeds the default limit", async () => {
    const response = await SELF.fetch("https://api.test/api/v1/anything", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(await problem(response)).toMatchObject({ error_code: "PAYLOAD_TOO_LARGE" });
  });
});

describe("request ids", () => {
  it("keeps a sane incoming X-Request-Id and echoes it", async () => {
    const response = await SELF.fetch("https://api.test/health", {
      headers: { "x-request-id": "trace-abc-123" },
    });
    expect(response.headers.get("x-request-id")).toBe("trace-abc-123");
  });

  it("replaces an unsafe incoming id with a generated one", async () => {
    const response = await SELF.fetch("https://api.test/health", {
      headers: { "x-request-id": "bad id\u0001<script>" },
    });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("generates one when none is sent", async () => {
    const response = await SELF.fetch("https://api.test/health");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("security headers", () => {
  it("are set on every response", async () => {
    const response = await SELF.fetch("https://api.test/health");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toContain("max-age");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });
});
