import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, users } from "./users";

const timestamp = () => integer({ mode: "timestamp_ms" });

/** A URL a user asked to be called at when events happen; its signing secrets are stored encrypted. */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Normalised by the URL parser when saved. */
    url: text().notNull(),
    events: text({ mode: "json" }).$type<string[]>().notNull(),
    description: text(),
    enabled: integer({ mode: "boolean" }).notNull().default(true),
    disabledReason: text(),
    secretCiphertext: text().notNull(),
    previousSecretCiphertext: text(),
    previousSecretExpiresAt: timestamp(),
    /** The first failed attempt after the last success; null while healthy. */
    failingSince: timestamp(),
    lastSuccessAt: timestamp(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (table) => [index("webhook_endpoints_user_created_idx").on(table.userId, table.createdAt)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event for one endpoint, and the delivery log of its attempts. `id` is the `webhook-id` header, the
 * same on every attempt; `body` holds the exact bytes signed. `series` counts redeliveries: a queue message
 * of an older series is dropped, so a redelivery never runs beside the attempts it replaced.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    endpointId: text()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventType: text().notNull(),
    eventId: text().notNull(),
    resourceId: text().notNull(),
    body: text().notNull(),
    status: text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    series: integer().notNull().default(1),
    /** Attempts of the current series. */
    attempts: integer().notNull().default(0),
    lastHttpStatus: integer(),
    lastError: text(),
    nextAttemptAt: timestamp(),
    durationMs: integer(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (table) => [
    // One delivery per event and endpoint, however often the event is processed.
    uniqueIndex("webhook_deliveries_endpoint_event_idx").on(table.endpointId, table.eventId),
    index("webhook_deliveries_endpoint_created_idx").on(table.endpointId, table.createdAt, table.id),
    index("webhook_deliveries_status_next_idx").on(table.status, table.nextAttemptAt),
    index("webhook_deliveries_updated_idx").on(table.updatedAt),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
