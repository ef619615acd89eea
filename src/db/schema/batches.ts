import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, users } from "./users";

/**
 * `creating` while the request that made the batch is still starting its jobs (so a job that ends at once
 * cannot complete a half-made batch), `processing` once every job exists, `completed` when all have ended.
 */
export const BATCH_STATUSES = ["creating", "processing", "completed"] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** A file of a batch that got no job, with the problem that refused it (wire-shaped). */
export interface RejectedFile {
  filename: string;
  problem: { error_code: string; status: number; detail: string };
}

/** Several PDFs uploaded together; their jobs point here (`jobs.batch_id`). */
export const batches = sqliteTable(
  "batches",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text({ enum: BATCH_STATUSES }).notNull().default("creating"),
    rejected: text({ mode: "json" }).$type<RejectedFile[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    completedAt: integer({ mode: "timestamp_ms" }),
    /** When `batch.finished` was accepted by the event bus; null after a failed send, for the cron to retry. */
    eventPublishedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    index("batches_user_created_idx").on(table.userId, table.createdAt, table.id),
    index("batches_status_updated_idx").on(table.status, table.updatedAt),
  ],
);

export type Batch = typeof batches.$inferSelect;
