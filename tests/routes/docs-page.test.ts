import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DOCS_ASSETS_PATH, DOCS_CONTENT_SECURITY_POLICY } from "../../src/routes/docs-page";

const directives = (policy: string) =>
  new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/) as [string, ...string[]])
      .map(([name, ...values]) => [name, values]),
  );

describe("GET /api/docs", () => {
  it("is a page whose every script comes from this worker, under a policy that allows only them", async () => {
    const response = await SELF.fetch("https://api.test/api/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toBe(DOCS_CONTENT_SECURITY_POLICY);
    const html = await response.text();

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes]) => /src="([^"]+)"/.exec(attributes ?? "")?.[1])).toEqual([
      `${DOCS_ASSETS_PATH}/docs.js`,
      `${DOCS_ASSETS_PATH}/scalar-api-reference.js`,
    ]);
    expect(scripts.every(([, , body]) => body?.trim() === "")).toBe(true);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('data-url="/api/openapi.json"');
  });

  it("allows no inline script, no eval, no other origin and no framing", () => {
    const policy = directives(DOCS_CONTENT_SECURITY_POLICY);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    for (const values of policy.values())
      expect(values.some((value) => /^https?:|\*/.test(value))).toBe(false);
  });
});

describe("the policy of every other response", () => {
  it.each([
    ["the OpenAPI document", "/api/openapi.json", 200],
    ["a problem", "/api/v1/no-such-route", 404],
    ["health", "/health", 200],
  ])("%s allows nothing and no framing", async (_, path, status) => {
    const response = await SELF.fetch(`https://api.test${path}`);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });
});
