import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/app";
import { EXPORT_ERROR_CODES } from "../../src/lib/job-error";
import { WEBHOOK_EVENT_TYPES } from "../../src/webhooks/events";

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<string, { operationId?: string; security?: unknown[]; responses: Record<string, unknown> }>
  >;
  components: {
    securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
  };
}

/** Hono path (`/jobs/:id`) to OpenAPI path (`/jobs/{id}`). */
const toOpenApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document listing every API route with its responses", async () => {
    const response = await SELF.fetch("https://api.test/api/openapi.json");
    expect(response.status).toBe(200);
    const doc = await response.json<OpenApiDocument>();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("French Novel Tool API");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });

    const declared = buildApp()
      .routes.filter(
        (route) => route.method !== "ALL" && route.path !== "/api/openapi.json" && route.path !== "/api/docs",
      )
      .map((route) => `${route.method.toLowerCase()} ${toOpenApiPath(route.path)}`);
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(declared.length).toBeGreaterThan(0);
    for (const route of declared) expect(documented).toContain(route);
    for (const operations of Object.values(doc.paths)) {
      for (const operation of Object.values(operations)) {
        expect(operation.operationId).toBeTruthy();
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      }
    }
  });
});

describe("the document's security", () => {
  const PUBLIC = new Set([
    "/health",
    "/health/ready",
    "/api/v1/auth/google",
    "/api/v1/auth/google/authorize",
    "/api/v1/auth/google/callback",
    "/api/v1/auth/dev-login",
    "/api/v1/auth/refresh",
    // The signed link is the credential: a browser follows it without a bearer token.
    "/api/v1/account/exports/{id}/download",
  ]);

  it("names the bearer scheme and a 401 answer on every route that needs a token", async () => {
    const doc = await (await SELF.fetch("https://api.test/api/openapi.json")).json<OpenApiDocument>();
    const secured = Object.entries(doc.paths).filter(([path]) => !PUBLIC.has(path));
    expect(secured.length).toBeGreaterThan(15);
    for (const [path, operations] of secured) {
      for (const [method, operation] of Object.entries(operations)) {
        // The events stream also takes a single-use ticket in its query (for EventSource).
        expect(operation.security, `${method} ${path}`).toContainEqual({ bearerAuth: [] });
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain("401");
      }
    }
  });
});

describe("the events stream's security", () => {
  it("takes either the bearer header or a ticket in the query", async () => {
    const doc = await (await SELF.fetch("https://api.test/api/openapi.json")).json<OpenApiDocument>();
    expect(doc.paths["/api/v1/jobs/{id}/events"]?.get?.security).toEqual([
      { bearerAuth: [] },
      { eventTicket: [] },
    ]);
    expect(doc.components.securitySchemes.eventTicket).toMatchObject({
      type: "apiKey",
      in: "query",
      name: "ticket",
    });
  });
});

interface WebhookOperation {
  parameters: { in: string; name: string; required?: boolean }[];
  requestBody: { content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
}

describe("the document's webhooks section", () => {
  it("describes every event a receiver can get, with the Standard Webhooks headers and what its answers mean", async () => {
    const doc = await (await SELF.fetch("https://api.test/api/openapi.json")).json<{
      webhooks: Record<string, { post: WebhookOperation }>;
    }>();
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      const headers = post.parameters.filter((parameter) => parameter.in === "header");
      expect(
        headers.map((header) => header.name),
        type,
      ).toEqual(expect.arrayContaining(["webhook-id", "webhook-timestamp", "webhook-signature"]));
      expect(post.requestBody.content["application/json"]?.schema, type).toBeTruthy();
      expect(Object.keys(post.responses), type).toEqual(expect.arrayContaining(["200", "410", "429"]));
    }
  });
});

describe("GET /api/docs", () => {
  it("serves an interactive reference page pointing at the document", async () => {
    const response = await SELF.fetch("https://api.test/api/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("/api/openapi.json");
  });
});

describe("the export routes in the document", () => {
  it("show the request's 403 and 409, and every code a failed export may carry", async () => {
    const doc = await (await SELF.fetch("https://api.test/api/openapi.json")).json<
      OpenApiDocument & { components: { schemas: Record<string, unknown> } }
    >();
    const create = doc.paths["/api/v1/jobs/{id}/exports"]?.post;
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(["202", "403", "404", "409"]),
    );
    for (const path of ["/api/v1/exports", "/api/v1/exports/{id}"])
      expect(doc.paths[path]?.get).toBeDefined();
    // The failure codes are named in the schema of an export's `error`.
    const exportSchema = JSON.stringify(doc.components.schemas.Export);
    for (const code of EXPORT_ERROR_CODES) expect(exportSchema).toContain(`"${code}"`);
  });
});
