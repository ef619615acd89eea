import { createRoute, z } from "@hono/zod-openapi";
import { API_KEY_SCOPES } from "../../auth/scopes";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { IdParamSchema } from "../auth/auth.schemas";

const security = [{ bearerAuth: [] }];
const sessionOnly = requireAuth({ sessionOnly: true });

export const ApiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string().openapi({ example: "fnt_Xy3kQ9aB" }),
    name: z.string(),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    created_at: z.string().openapi({ format: "date-time" }),
    last_used_at: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("ApiKey", {
    example: {
      id: "k_2b7e",
      prefix: "fnt_Xy3kQ9aB",
      name: "Anki sync",
      scopes: ["jobs:read", "history:read"],
      created_at: "2026-11-22T10:00:00.000Z",
      last_used_at: null,
    },
  });

const CreateApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
  })
  .openapi("CreateApiKeyRequest", { example: { name: "Anki sync", scopes: ["jobs:read", "history:read"] } });

export const create = createRoute({
  operationId: "createApiKey",
  method: "post",
  path: "/api-keys",
  tags: ["API keys"],
  summary: "Create a personal API key; the secret `key` is shown only in this response",
  middleware: [sessionOnly] as const,
  security,
  request: { body: { required: true, content: { "application/json": { schema: CreateApiKeySchema } } } },
  responses: {
    201: {
      description: "Created",
      content: {
        "application/json": {
          schema: ApiKeySchema.extend({
            key: z.string().openapi({ description: "Shown once; store it now" }),
          }),
        },
      },
    },
    ...problemResponses(...AUTH_ERRORS, ...JSON_BODY_ERRORS, "CONFLICT"),
  },
});

export const list = createRoute({
  operationId: "listApiKeys",
  method: "get",
  path: "/api-keys",
  tags: ["API keys"],
  summary: "My active API keys (never the secrets)",
  middleware: [sessionOnly] as const,
  security,
  responses: {
    200: {
      description: "Active keys",
      content: { "application/json": { schema: z.object({ api_keys: z.array(ApiKeySchema) }) } },
    },
    ...problemResponses(...AUTH_ERRORS),
  },
});

export const remove = createRoute({
  operationId: "deleteApiKey",
  method: "delete",
  path: "/api-keys/{id}",
  tags: ["API keys"],
  summary: "Revoke one of my API keys",
  middleware: [sessionOnly] as const,
  security,
  request: { params: IdParamSchema },
  responses: {
    204: { description: "Revoked" },
    ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"),
  },
});
