import { and, eq } from "drizzle-orm";
import type { Config } from "../config";
import { createDb, type Database } from "../db/client";
import { type WebhookDelivery, webhookEndpoints } from "../db/schema";
import { sendCoveredByCron } from "../lib/cron-covered-send";
import type { DomainEvent } from "../lib/domain-events";
import { log } from "../lib/logger";
import { messageFor, recordDeliveries, recordSingleDelivery } from "./deliveries";
import { eventBody } from "./events";
import { webhookBodyOf, webhookTypeOf } from "./payloads";
import { enqueueDeliveries } from "./queue/producer";

/**
 * The reaction to domain events: one delivery per enabled endpoint of the user subscribed to the event's
 * webhook type, queued at once. Idempotent: an event processed twice finds its deliveries recorded (one per
 * endpoint and event id) and queues again only those still waiting for a first attempt.
 */
export async function deliverWebhooks(
  event: DomainEvent,
  { env }: { env: Env; config: Config },
): Promise<void> {
  const db = createDb(env.DB);
  const type = webhookTypeOf(event);
  const endpoints = await db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.userId, event.userId), eq(webhookEndpoints.enabled, true)));
  const subscribed = endpoints
    .filter((endpoint) => endpoint.events.includes(type))
    .map((endpoint) => endpoint.id);
  if (subscribed.length === 0) return;
  const body = await webhookBodyOf(env, db, event);
  if (body === null) {
    log("warn", "webhook event skipped: its resource is gone", { event_id: event.id, event_type: type });
    return;
  }
  const resourceId =
    event.type === "job.finished"
      ? event.jobId
      : event.type === "batch.finished"
        ? event.batchId
        : event.exportId;
  const messages = await recordDeliveries(db, subscribed, {
    eventType: type,
    eventId: event.id,
    resourceId,
    body,
  });
  await enqueueDeliveries(env, messages);
}

/** Sends a `webhook.test` event to one endpoint, whatever it subscribes to; returns its delivery. */
export async function sendTestEvent(env: Env, db: Database, endpointId: string): Promise<WebhookDelivery> {
  const body = eventBody(
    "webhook.test",
    { endpoint_id: endpointId, message: "A test event from the French Novel Tool: this endpoint works." },
    new Date(),
  );
  const eventId = `webhook.test:${crypto.randomUUID()}`;
  const delivery = { eventType: "webhook.test", eventId, resourceId: endpointId, body };
  const row = await recordSingleDelivery(db, endpointId, delivery);
  await sendCoveredByCron(() => enqueueDeliveries(env, [messageFor(row)]), "webhook test event", {
    delivery_id: row.id,
  });
  return row;
}
