import { z } from "@hono/zod-openapi";
import { WEBHOOK_DELIVERY_STATUSES } from "../../db/schema";
import { SUBSCRIBABLE_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from "../../webhooks/events";
import { PageQuery } from "../page-query";

const dateTime = z.string().openapi({ format: "date-time" });
const events = z
  .array(z.enum(SUBSCRIBABLE_EVENT_TYPES))
  .min(1)
  .max(SUBSCRIBABLE_EVENT_TYPES.length)
  .openapi({ description: "The events to receive", example: ["job.completed", "batch.completed"] });

export const WebhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string().openapi({ example: "https://lms.example.edu/hooks/french-novel-tool" }),
    events: z.array(z.string()),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().openapi({ description: "Why deliveries stopped, while disabled" }),
    failing_since: dateTime
      .nullable()
      .openapi({ description: "First failed attempt since the last success" }),
    last_success_at: dateTime.nullable(),
    previous_secret_expires_at: dateTime
      .nullable()
      .openapi({ description: "After a rotation, the old secret also signs until then" }),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .openapi("WebhookEndpoint");

export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z.string().openapi({
    description: "The signing secret (`whsec_…`), shown only in this response; store it now",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).openapi("WebhookEndpointWithSecret");

export const CreateWebhookSchema = z
  .strictObject({
    url: z.string().max(2048).openapi({ description: "https, a public host, port 443, 80 or 8443" }),
    events,
    description: z.string().trim().max(200).nullish(),
  })
  .openapi("CreateWebhookRequest");

export const UpdateWebhookSchema = z
  .strictObject({
    url: z.string().max(2048),
    events,
    description: z.string().trim().max(200).nullable(),
    enabled: z.boolean().openapi({ description: "`true` re-enables a disabled endpoint" }),
  })
  .partial()
  .openapi("UpdateWebhookRequest");

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({
      description: "The `webhook-id` header, the same on every attempt",
      example: "msg_2KWPBgLlAfxdpx2AI54pPJ",
    }),
    event_type: z
      .string()
      .openapi({ description: `One of ${WEBHOOK_EVENT_TYPES.join(", ")}`, example: "job.completed" }),
    event_id: z.string(),
    resource_id: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z
      .number()
      .int()
      .openapi({ description: "Attempts of the current series (a redelivery starts a new one)" }),
    last_http_status: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: dateTime.nullable(),
    duration_ms: z.number().int().nullable().openapi({ description: "How long the last attempt took" }),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .openapi("WebhookDelivery");

export const WebhookDeliveryPageSchema = z
  .object({ deliveries: z.array(WebhookDeliverySchema), next_cursor: z.string().nullable() })
  .openapi("WebhookDeliveryPage");

export const DeliveriesQuery = PageQuery.extend({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
});

export const EndpointParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
});

export const DeliveryParams = EndpointParams.extend({
  delivery_id: z
    .string()
    .regex(/^msg_[A-Za-z0-9_-]{1,64}$/)
    .openapi({ param: { name: "delivery_id", in: "path" } }),
});
