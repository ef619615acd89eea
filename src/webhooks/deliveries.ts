import { and, desc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { olderThan } from "../db/keyset";
import { type WebhookDelivery, type WebhookDeliveryStatus, webhookDeliveries } from "../db/schema";
import { ApiError } from "../lib/errors";
import { keysetCursor } from "../lib/keyset-cursor";
import type { DeliveryMessage } from "./queue/messages";
import { newMessageId } from "./signature";

/** An event's signed body and what it is about, ready to be recorded for each endpoint. */
export interface EventDelivery {
  eventType: string;
  eventId: string;
  resourceId: string;
  body: string;
}

const cursor = keysetCursor("d", /msg_[A-Za-z0-9_-]{1,64}/);
const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The queue message that starts (or resumes) a delivery's current series of attempts. */
export const messageFor = (row: Pick<WebhookDelivery, "id" | "series" | "attempts">): DeliveryMessage => ({
  type: "webhook.deliver",
  deliveryId: row.id,
  series: row.series,
  attemptsBefore: row.attempts,
});

/** The wire view of a delivery: its log line, never its body. */
export function deliveryView(row: WebhookDelivery) {
  return {
    id: row.id,
    event_type: row.eventType,
    event_id: row.eventId,
    resource_id: row.resourceId,
    status: row.status,
    attempts: row.attempts,
    last_http_status: row.lastHttpStatus,
    last_error: row.lastError,
    next_attempt_at: iso(row.nextAttemptAt),
    duration_ms: row.durationMs,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** A delivery row of an event to one endpoint, due at once. */
function newDelivery(endpointId: string, event: EventDelivery, now: Date) {
  return { id: newMessageId(), endpointId, ...event, nextAttemptAt: now, createdAt: now, updatedAt: now };
}

/** Records the one delivery of an event made for a single endpoint (a test event, whose id is fresh). */
export async function recordSingleDelivery(
  db: Database,
  endpointId: string,
  event: EventDelivery,
): Promise<WebhookDelivery> {
  const [row] = await db
    .insert(webhookDeliveries)
    .values(newDelivery(endpointId, event, new Date()))
    .returning();
  return row!;
}

/**
 * Records one delivery per endpoint for an event; an endpoint that already has one for this event id keeps
 * it (an event processed twice makes one delivery). Returns the messages of the deliveries still waiting for
 * their first attempt, the repeat's included: a consumer drops whichever copy comes second.
 */
export async function recordDeliveries(
  db: Database,
  endpointIds: readonly string[],
  event: EventDelivery,
): Promise<DeliveryMessage[]> {
  if (endpointIds.length === 0) return [];
  const now = new Date();
  // One statement per row (D1 binds at most 100 parameters per statement), then the read, in one round trip.
  const [first, ...rest] = endpointIds.map((endpointId) =>
    db
      .insert(webhookDeliveries)
      .values(newDelivery(endpointId, event, now))
      .onConflictDoNothing(),
  );
  const waitingNow = db
    .select({
      id: webhookDeliveries.id,
      series: webhookDeliveries.series,
      attempts: webhookDeliveries.attempts,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.eventId, event.eventId),
        inArray(webhookDeliveries.endpointId, [...endpointIds]),
        eq(webhookDeliveries.status, "pending"),
        eq(webhookDeliveries.attempts, 0),
      ),
    );
  const results = await db.batch([first!, ...rest, waitingNow]);
  // The batch answers each statement in order: the read is the last.
  const waiting = results[results.length - 1] as Awaited<typeof waitingNow>;
  return waiting.map(messageFor);
}

/** A page of an endpoint's delivery log, newest first, and the cursor of the next page. */
export async function listDeliveries(
  db: Database,
  endpointId: string,
  query: { cursor?: string | undefined; limit: number; status?: WebhookDeliveryStatus | undefined },
) {
  const after = query.cursor ? cursor.decode(query.cursor) : null;
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        olderThan(webhookDeliveries, after),
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  const { items, nextCursor } = cursor.page(rows, query.limit);
  return { deliveries: items.map(deliveryView), next_cursor: nextCursor };
}

/**
 * Starts a fresh series of attempts for a delivery of this endpoint (same `webhook-id` and body): a message of
 * the series it replaces is dropped when it arrives.
 */
export async function restartDelivery(
  db: Database,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const now = new Date();
  const [row] = await db
    .update(webhookDeliveries)
    .set({
      status: "pending",
      series: sql`${webhookDeliveries.series} + 1`,
      attempts: 0,
      nextAttemptAt: now,
      updatedAt: now,
    })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
    .returning();
  if (!row) throw new ApiError("NOT_FOUND", { detail: `No delivery ${deliveryId} for this endpoint.` });
  return row;
}

/**
 * Deliveries whose next attempt is overdue by more than the margin: their queue message was lost (a send
 * that failed after the row was written, a message past the queue's retention). Each is given a new series
 * that resumes the schedule where it stopped, so the old message, should it still come, is dropped. One
 * statement picks and bumps them, so a redelivery meanwhile cannot be overwritten.
 */
export async function resumeOverdueDeliveries(
  db: Database,
  before: Date,
  limit: number,
): Promise<DeliveryMessage[]> {
  const isOverdue = and(eq(webhookDeliveries.status, "pending"), lt(webhookDeliveries.nextAttemptAt, before));
  const overdue = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(isOverdue)
    .limit(limit);
  const now = new Date();
  const resumed = await db
    .update(webhookDeliveries)
    .set({ series: sql`${webhookDeliveries.series} + 1`, nextAttemptAt: now, updatedAt: now })
    .where(and(inArray(webhookDeliveries.id, overdue), isOverdue))
    .returning({
      id: webhookDeliveries.id,
      series: webhookDeliveries.series,
      attempts: webhookDeliveries.attempts,
    });
  return resumed.map(messageFor);
}

/** Removes finished deliveries last touched before `before` (at most `limit` per call); returns how many. */
export async function purgeDeliveries(db: Database, before: Date, limit: number): Promise<number> {
  const old = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(lt(webhookDeliveries.updatedAt, before), ne(webhookDeliveries.status, "pending")))
    .limit(limit);
  const result = await db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, old)).run();
  return result.meta.changes;
}
