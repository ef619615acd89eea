import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import {
  CreateWebhookSchema,
  DeliveriesQuery,
  DeliveryParams,
  EndpointParams,
  UpdateWebhookSchema,
  WebhookDeliveryPageSchema,
  WebhookDeliverySchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from "./webhooks.schemas";

const manage = requireAuth({ scopes: ["webhooks:manage"] });
/** What every route on one endpoint can answer: not signed in, not allowed, no such endpoint of mine, a bad id. */
const ENDPOINT_ERRORS = [...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"] as const;
const tags = ["Webhooks"];
const security = [{ bearerAuth: [] }];
const json = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});
const withSecret = (description: string) => ({
  ...json(description, WebhookEndpointWithSecretSchema),
  // Set on every private response (middleware/private-responses.ts); named here because the secret depends on it.
  headers: z.object({ "Cache-Control": z.literal("private, no-store") }),
});

export const create = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "createWebhook",
  method: "post",
  path: "/webhooks",
  summary: "Register a webhook endpoint; its signing `secret` is shown only in this response",
  description:
    "The URL is checked against the server-side request forgery rules (https, a public host that resolves only to public addresses, port 443, 80 or 8443, no credentials); a refusal is a 422 `WEBHOOK_URL_FORBIDDEN` whose `errors[0].code` names the reason.",
  request: { body: { required: true, content: { "application/json": { schema: CreateWebhookSchema } } } },
  responses: {
    201: withSecret("Registered"),
    ...problemResponses(...AUTH_ERRORS, ...JSON_BODY_ERRORS, "WEBHOOK_URL_FORBIDDEN", "CONFLICT"),
  },
});

export const list = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "listWebhooks",
  method: "get",
  path: "/webhooks",
  summary: "My webhook endpoints (never their secrets)",
  responses: {
    200: json("Endpoints", z.object({ webhooks: z.array(WebhookEndpointSchema) })),
    ...problemResponses(...AUTH_ERRORS),
  },
});

export const getOne = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "getWebhook",
  method: "get",
  path: "/webhooks/{id}",
  summary: "One of my webhook endpoints",
  request: { params: EndpointParams },
  responses: { 200: json("The endpoint", WebhookEndpointSchema), ...problemResponses(...ENDPOINT_ERRORS) },
});

export const update = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "updateWebhook",
  method: "patch",
  path: "/webhooks/{id}",
  summary: "Change an endpoint's URL, events or description, or enable or disable it",
  request: {
    params: EndpointParams,
    body: { required: true, content: { "application/json": { schema: UpdateWebhookSchema } } },
  },
  responses: {
    200: json("The endpoint", WebhookEndpointSchema),
    ...problemResponses(...ENDPOINT_ERRORS, ...JSON_BODY_ERRORS, "WEBHOOK_URL_FORBIDDEN"),
  },
});

export const remove = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "deleteWebhook",
  method: "delete",
  path: "/webhooks/{id}",
  summary: "Delete an endpoint and its delivery log",
  request: { params: EndpointParams },
  responses: { 204: { description: "Deleted" }, ...problemResponses(...ENDPOINT_ERRORS) },
});

export const rotateSecret = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "rotateWebhookSecret",
  method: "post",
  path: "/webhooks/{id}/rotate-secret",
  summary: "Replace the signing secret; the previous one keeps signing beside it for 24 hours",
  description:
    "Until `previous_secret_expires_at`, each request carries two signatures in `webhook-signature` (new secret first), so receivers can switch without missing an event.",
  request: { params: EndpointParams },
  responses: { 200: withSecret("The new secret"), ...problemResponses(...ENDPOINT_ERRORS, "CONFLICT") },
});

export const test = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "testWebhook",
  method: "post",
  path: "/webhooks/{id}/test",
  summary: "Send a `webhook.test` event to this endpoint now",
  request: { params: EndpointParams },
  responses: {
    202: json("Queued; follow it in the delivery log", WebhookDeliverySchema),
    ...problemResponses(...ENDPOINT_ERRORS, "CONFLICT"),
  },
});

export const deliveries = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "listWebhookDeliveries",
  method: "get",
  path: "/webhooks/{id}/deliveries",
  summary: "The endpoint's delivery log, newest first (kept 30 days)",
  request: { params: EndpointParams, query: DeliveriesQuery },
  responses: {
    200: json("A page of deliveries", WebhookDeliveryPageSchema),
    ...problemResponses(...ENDPOINT_ERRORS),
  },
});

export const redeliver = createRoute({
  tags,
  security,
  middleware: [manage] as const,
  operationId: "redeliverWebhookDelivery",
  method: "post",
  path: "/webhooks/{id}/deliveries/{delivery_id}/redeliver",
  summary: "Send a delivery again: a fresh series of attempts with the same `webhook-id` and body",
  request: { params: DeliveryParams },
  responses: {
    202: json("Queued again", WebhookDeliverySchema),
    ...problemResponses(...ENDPOINT_ERRORS, "CONFLICT"),
  },
});
