import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app";
import { ERROR_CODES, type ErrorCode } from "../../src/lib/errors";
import { EXPORT_ERROR_CODES } from "../../src/lib/job-error";
import { WEBHOOK_EVENT_TYPES } from "../../src/webhooks/events";
import { authHeaders, signIn } from "../helpers/auth";

interface Response_ {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: { allOf?: { properties?: { error_code?: { enum?: string[] } } }[] } }>;
}

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: { in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, Response_>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
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

  it("names the deployment each request reached as its server, and is otherwise the same document", async () => {
    const first = await (await SELF.fetch("https://api.test/api/openapi.json")).json<{ servers: unknown }>();
    const second = await (await SELF.fetch("https://other.example/api/openapi.json")).json<{
      servers: unknown;
    }>();
    expect(first.servers).toEqual([{ url: "https://api.test", description: "This deployment" }]);
    expect(second.servers).toEqual([{ url: "https://other.example", description: "This deployment" }]);
    expect(Object.keys(second)).toEqual(Object.keys(first));
    expect({ ...second, servers: null }).toEqual({ ...first, servers: null });
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

/** The `error_code`s an operation declares, by status. */
function declaredCodes(operation: Operation): Map<number, string[]> {
  const codes = new Map<number, string[]>();
  for (const [status, response] of Object.entries(operation.responses)) {
    const schema = response.content?.["application/problem+json"]?.schema;
    const values = schema?.allOf?.flatMap((part) => part.properties?.error_code?.enum ?? []) ?? [];
    if (values.length > 0) codes.set(Number(status), values);
  }
  return codes;
}

const allCodes = (operation: Operation) => [...declaredCodes(operation).values()].flat();

describe("the document's errors", () => {
  let operations: [string, Operation][];
  beforeAll(async () => {
    const doc = await (await SELF.fetch("https://api.test/api/openapi.json")).json<OpenApiDocument>();
    operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]): [string, Operation] => [
        `${method} ${path}`,
        operation,
      ]),
    );
  });

  it("declares every error as problem+json whose error_code is an enum of catalogue codes of that status", () => {
    for (const [name, operation] of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || name === "get /health/ready") continue;
        const codes = declaredCodes(operation).get(Number(status));
        expect(codes, `${name} ${status}`).toBeDefined();
        for (const code of codes ?? []) {
          expect(ERROR_CODES[code as ErrorCode]?.status, `${name} ${status} ${code}`).toBe(Number(status));
        }
        expect(Object.keys(response.content ?? {}), `${name} ${status}`).toEqual([
          "application/problem+json",
        ]);
      }
    }
  });

  it("declares what the app answers on every route, the guards and the validators as they apply", () => {
    for (const [name, operation] of operations) {
      const codes = allCodes(operation);
      // Readiness answers a misconfigured deployment with its own 503 report, not a problem.
      const everywhere =
        name === "get /health/ready" ? ["INTERNAL_ERROR"] : ["INTERNAL_ERROR", "MISCONFIGURED"];
      expect(codes, name).toEqual(expect.arrayContaining(everywhere));
      if (operation.security) {
        expect(codes, name).toEqual(
          expect.arrayContaining(["UNAUTHENTICATED", "FORBIDDEN", "ACCOUNT_DISABLED"]),
        );
      }
      if (
        (operation.parameters ?? []).some((parameter) => parameter.in !== "header") ||
        operation.requestBody
      ) {
        expect(codes, name).toContain("VALIDATION_FAILED");
      }
      if (operation.requestBody?.content["application/json"]) {
        expect(codes, name).toEqual(
          expect.arrayContaining(["MALFORMED_JSON", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE"]),
        );
      }
    }
  });

  it("declares Retry-After and RateLimit-* on every 429, and a 429 on every route that spends a budget", () => {
    const budgeted = [
      "processPdf",
      "createBatch",
      "duplicateHistoryEntry",
      "signInWithGoogle",
      "devLogin",
      "refreshToken",
    ];
    for (const [name, operation] of operations) {
      const limited = operation.responses["429"];
      if (budgeted.includes(operation.operationId ?? "")) expect(limited, name).toBeDefined();
      if (!limited) continue;
      expect(Object.keys(limited.headers ?? {}).sort(), name).toEqual([
        "RateLimit",
        "RateLimit-Policy",
        "Retry-After",
      ]);
    }
  });

  it("declares the codes each operation's own work can answer", () => {
    const expected: Record<string, ErrorCode[]> = {
      processPdf: [
        "NOT_A_PDF",
        "PDF_EMPTY",
        "PDF_TOO_LARGE",
        "IDEMPOTENCY_KEY_REUSED",
        "IDEMPOTENCY_KEY_IN_USE",
      ],
      duplicateHistoryEntry: ["NOT_FOUND", "CONFLICT"],
      getJob: ["NOT_FOUND"],
      getJobEvents: ["NOT_FOUND", "CONFLICT"],
      getJobSentences: ["NOT_FOUND", "CONFLICT"],
      downloadJobSentences: ["NOT_FOUND", "CONFLICT"],
      cancelJob: ["NOT_FOUND", "CONFLICT"],
      retryJob: ["NOT_FOUND", "CONFLICT"],
      getHistoryEntry: ["NOT_FOUND"],
      deleteHistoryEntry: ["NOT_FOUND"],
      refreshToken: ["INVALID_REFRESH_TOKEN", "REFRESH_TOKEN_REUSED", "ACCOUNT_DISABLED"],
      signInWithGoogle: ["GOOGLE_AUTH_FAILED", "INVALID_ID_TOKEN", "UPSTREAM_UNAVAILABLE", "CONFLICT"],
      googleCallback: ["INVALID_STATE"],
      devLogin: ["NOT_FOUND"],
      getMe: ["NOT_FOUND"],
      createApiKey: ["CONFLICT"],
      deleteApiKey: ["NOT_FOUND"],
      deleteSession: ["NOT_FOUND"],
      createJobEventsTicket: ["NOT_FOUND"],
      getJobChunks: ["NOT_FOUND"],
      createExport: ["NOT_FOUND", "JOB_NOT_COMPLETED", "GOOGLE_SCOPE_MISSING"],
      getExport: ["NOT_FOUND"],
      listJobExports: ["NOT_FOUND"],
      createWebhook: ["WEBHOOK_URL_FORBIDDEN", "CONFLICT"],
      updateWebhook: ["WEBHOOK_URL_FORBIDDEN", "NOT_FOUND"],
      rotateWebhookSecret: ["NOT_FOUND", "CONFLICT"],
      testWebhook: ["NOT_FOUND", "CONFLICT"],
      redeliverWebhookDelivery: ["NOT_FOUND", "CONFLICT"],
      createBatch: ["PAYLOAD_TOO_LARGE", "IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_KEY_IN_USE", "RATE_LIMITED"],
      getBatch: ["NOT_FOUND"],
      cancelBatch: ["NOT_FOUND"],
    };
    const byId = new Map(operations.map(([, operation]) => [operation.operationId, operation]));
    for (const [operationId, codes] of Object.entries(expected)) {
      const operation = byId.get(operationId);
      expect(operation, operationId).toBeDefined();
      if (operation) expect(allCodes(operation), operationId).toEqual(expect.arrayContaining(codes));
    }
  });

  it("declares the status and code of what the API really answers to bad requests", async () => {
    const user = await signIn();
    const auth = authHeaders(user.accessToken);
    const unknownJob = crypto.randomUUID();
    const form = new FormData();
    form.set("pdf_file", new File([], "empty.pdf", { type: "application/pdf" }));
    const calls: [string, string, RequestInit][] = [
      ["get /api/v1/jobs/{id}", "/api/v1/jobs/not-a-uuid", { headers: auth }],
      ["get /api/v1/jobs/{id}", `/api/v1/jobs/${unknownJob}`, { headers: auth }],
      ["get /api/v1/jobs/{id}/sentences", `/api/v1/jobs/${unknownJob}/sentences`, {}],
      ["post /api/v1/process-pdf", "/api/v1/process-pdf", { method: "POST", headers: auth, body: form }],
      [
        "post /api/v1/jobs/{id}/events/ticket",
        `/api/v1/jobs/${unknownJob}/events/ticket`,
        { method: "POST", headers: auth },
      ],
      ["get /api/v1/jobs/{id}/events", `/api/v1/jobs/${unknownJob}/events?ticket=forged`, {}],
      ["get /api/v1/exports/{id}", `/api/v1/exports/${crypto.randomUUID()}`, { headers: auth }],
      ["get /api/v1/batches", "/api/v1/batches?limit=0", { headers: auth }],
      [
        "post /api/v1/webhooks",
        "/api/v1/webhooks",
        {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({
            url: "https://169.254.169.254/latest/meta-data/",
            events: ["job.completed"],
          }),
        },
      ],
      [
        "put /api/v1/settings",
        "/api/v1/settings",
        { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: "{" },
      ],
      ["post /api/v1/settings", "/api/v1/settings", { method: "POST", headers: auth, body: "limit=3" }],
      ["delete /api/v1/api-keys/{id}", "/api/v1/api-keys/none", { method: "DELETE", headers: auth }],
      [
        "post /api/v1/auth/refresh",
        "/api/v1/auth/refresh",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ refresh_token: "forged" }),
        },
      ],
      ["get /api/v1/auth/google/callback", "/api/v1/auth/google/callback", {}],
    ];
    const byName = new Map(operations);
    for (const [name, path, init] of calls) {
      const response = await SELF.fetch(`https://api.test${path}`, { redirect: "manual", ...init });
      const { error_code } = await response.json<{ error_code: string }>();
      const declared = declaredCodes(byName.get(name) ?? { responses: {} }).get(response.status);
      expect(declared, `${name} answered ${response.status} ${error_code}`).toContain(error_code);
    }
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
