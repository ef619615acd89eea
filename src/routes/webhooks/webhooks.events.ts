import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { DELIVERY_TIMEOUT_MS, WEBHOOK_USER_AGENT } from "../../webhooks/deliver";
import { WEBHOOK_EVENT_SCHEMAS, type WebhookEventType } from "../../webhooks/events";

const SUMMARIES: Record<WebhookEventType, string> = {
  "job.completed": "A job completed: its sentences can be read at `data.links.sentences`",
  "job.failed": "A job failed: `data.error` says why",
  "job.cancelled": "A job was cancelled",
  "batch.completed": "Every job of a batch has ended (sent once per batch)",
  "export.completed": "A Google Sheets export completed: `data.result_url` is the spreadsheet",
  "export.failed": "A Google Sheets export failed: `data.error` says why",
  "webhook.test": "Sent on demand by `POST /webhooks/{id}/test`, whatever the endpoint subscribes to",
};

/** The Standard Webhooks headers every delivery carries. */
const SignatureHeaders = z.object({
  "webhook-id": z.string().openapi({
    description:
      "The delivery's id (`msg_…`), the same on every attempt and redelivery: use it to drop duplicates",
    example: "msg_2KWPBgLlAfxdpx2AI54pPJ",
  }),
  "webhook-timestamp": z.string().openapi({
    description:
      "Unix seconds of this attempt (not of the event: that is the payload's `timestamp`); refuse it when more than 5 minutes off",
    example: "1764410130",
  }),
  "webhook-signature": z.string().openapi({
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">` under the key in the secret (base64 after `whsec_`); two during the 24 hours after a secret rotation. Accept the request when any one matches.',
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  }),
  "user-agent": z.string().openapi({ example: WEBHOOK_USER_AGENT }),
});

/**
 * Describes each webhook event in the OpenAPI 3.1 `webhooks` section: the POST a receiver gets, its
 * signature headers, the payload, and what its answers mean.
 */
export function registerWebhookEvents(registry: OpenAPIHono["openAPIRegistry"]): void {
  for (const [type, schema] of Object.entries(WEBHOOK_EVENT_SCHEMAS) as [WebhookEventType, z.ZodType][]) {
    registry.registerWebhook({
      method: "post",
      path: type,
      operationId: `webhook_${type.replace(".", "_")}`,
      tags: ["Webhook events"],
      summary: SUMMARIES[type],
      description: `Signed per the Standard Webhooks specification; the body is sent byte for byte as signed. The request times out after ${DELIVERY_TIMEOUT_MS / 1000} s and follows no redirect.`,
      request: {
        headers: SignatureHeaders,
        body: { required: true, content: { "application/json": { schema } } },
      },
      responses: {
        200: { description: "Any 2xx: delivered" },
        410: { description: "Gone: the endpoint is disabled at once" },
        429: { description: "Retried; a `Retry-After` header is honoured (also on 503)" },
        default: {
          description:
            "Anything else (or no answer within the timeout) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; then the delivery is failed",
        },
      },
    });
  }
}
