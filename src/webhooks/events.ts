import { z } from "@hono/zod-openapi";

/**
 * The events a webhook carries, as the Standard Webhooks payload `{ type, timestamp, data }`. Payloads are
 * thin: the resource's public fields and links to read the rest (never the sentences, which can be large).
 * These schemas also describe each event in the OpenAPI document's `webhooks` section.
 */

/** Events an endpoint subscribes to. */
export const SUBSCRIBABLE_EVENT_TYPES = [
  "job.completed",
  "job.failed",
  "job.cancelled",
  "batch.completed",
  "export.completed",
  "export.failed",
] as const;

export type SubscribableEventType = (typeof SUBSCRIBABLE_EVENT_TYPES)[number];

/** Every event type, with the test event sent on demand to one endpoint whatever it subscribes to. */
export const WEBHOOK_EVENT_TYPES = [...SUBSCRIBABLE_EVENT_TYPES, "webhook.test"] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const timestamp = z.iso.datetime().openapi({ example: "2026-11-29T10:15:30.000Z" });

const ErrorSummarySchema = z
  .object({ error_code: z.string().openapi({ example: "PDF_ENCRYPTED" }), message: z.string() })
  .openapi("WebhookError");

const JobEventDataSchema = z
  .object({
    job_id: z.uuid(),
    batch_id: z.string().nullable(),
    status: z.enum(["completed", "failed", "cancelled"]),
    filename: z.string(),
    sentence_count: z.number().int(),
    page_count: z.number().int().nullable(),
    engine: z.string(),
    error: ErrorSummarySchema.nullable(),
    created_at: timestamp,
    completed_at: timestamp.nullable(),
    links: z.object({ self: z.string(), sentences: z.string(), download: z.string() }),
  })
  .openapi("JobEventData");

const BatchEventDataSchema = z
  .object({
    batch_id: z.string(),
    counts: z.object({
      total: z.number().int(),
      completed: z.number().int(),
      failed: z.number().int(),
      cancelled: z.number().int(),
    }),
    created_at: timestamp,
    completed_at: timestamp,
    links: z.object({ self: z.string() }),
  })
  .openapi("BatchEventData");

const ExportEventDataSchema = z
  .object({
    export_id: z.string(),
    job_id: z.uuid(),
    status: z.enum(["completed", "failed"]),
    destination: z.string().openapi({ example: "google_sheets" }),
    result_url: z
      .url()
      .nullable()
      .openapi({ description: "The spreadsheet or file created, when completed" }),
    error: ErrorSummarySchema.nullable(),
    links: z.object({ self: z.string(), job: z.string() }),
  })
  .openapi("ExportEventData");

const TestEventDataSchema = z
  .object({ endpoint_id: z.string(), message: z.string() })
  .openapi("WebhookTestEventData");

const event = <T extends WebhookEventType, D extends z.ZodType>(type: T, data: D, name: string) =>
  z
    .object({
      type: z.literal(type),
      timestamp: timestamp.openapi({ description: "When the event happened (the same on every attempt)" }),
      data,
    })
    .openapi(name);

/** One schema per event type, named for the OpenAPI document. */
export const WEBHOOK_EVENT_SCHEMAS = {
  "job.completed": event("job.completed", JobEventDataSchema, "JobCompletedEvent"),
  "job.failed": event("job.failed", JobEventDataSchema, "JobFailedEvent"),
  "job.cancelled": event("job.cancelled", JobEventDataSchema, "JobCancelledEvent"),
  "batch.completed": event("batch.completed", BatchEventDataSchema, "BatchCompletedEvent"),
  "export.completed": event("export.completed", ExportEventDataSchema, "ExportCompletedEvent"),
  "export.failed": event("export.failed", ExportEventDataSchema, "ExportFailedEvent"),
  "webhook.test": event("webhook.test", TestEventDataSchema, "WebhookTestEvent"),
} as const satisfies Record<WebhookEventType, z.ZodType>;

/** Any webhook event, told apart by `type`. */
export const WebhookEventSchema = z.discriminatedUnion("type", [
  WEBHOOK_EVENT_SCHEMAS["job.completed"],
  WEBHOOK_EVENT_SCHEMAS["job.failed"],
  WEBHOOK_EVENT_SCHEMAS["job.cancelled"],
  WEBHOOK_EVENT_SCHEMAS["batch.completed"],
  WEBHOOK_EVENT_SCHEMAS["export.completed"],
  WEBHOOK_EVENT_SCHEMAS["export.failed"],
  WEBHOOK_EVENT_SCHEMAS["webhook.test"],
]);

export type WebhookEventOf<T extends WebhookEventType> = z.infer<(typeof WEBHOOK_EVENT_SCHEMAS)[T]>;

/**
 * The event's payload, checked against its schema, serialised once: these exact bytes are signed and sent
 * on every attempt, so a retry can never carry a body that differs from its signature.
 */
export function eventBody<T extends WebhookEventType>(
  type: T,
  data: WebhookEventOf<T>["data"],
  occurredAt: Date,
): string {
  const payload = WEBHOOK_EVENT_SCHEMAS[type].parse({ type, timestamp: occurredAt.toISOString(), data });
  return JSON.stringify(payload);
}
