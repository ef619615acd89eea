import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { batches } from "./batches";
import { createdAt, users } from "./users";

export const JOB_STATUSES = ["pending", "processing", "completed", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Something a learner should know about a job that still completed. */
export interface JobWarning {
  /** Scanned pages the offline engine cannot read were left out (Gemini reads them when configured). */
  code: "SCANNED_PAGES_SKIPPED";
  message: string;
  pages: number[];
}

/**
 * One row per job, which is also the learner's history entry. The JobTracker Durable Object is the live
 * source of truth while a job runs and writes its transitions here; history reads come from this table.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text({ enum: JOB_STATUSES }).notNull().default("pending"),
    filename: text().notNull(),
    fileSize: integer().notNull(),
    pdfSha256: text().notNull(),
    pdfKey: text().notNull(),
    pageCount: integer(),
    /** Effective settings of the job, wire-shaped (snake_case). */
    settings: text({ mode: "json" }).notNull().$type<Record<string, unknown>>(),
    engine: text().notNull(),
    model: text(),
    sentenceCount: integer().notNull().default(0),
    chunksTotal: integer().notNull().default(0),
    chunksDone: integer().notNull().default(0),
    chunksFailed: integer().notNull().default(0),
    /** Times the tracker sent the unfinished work again after the job made no progress. */
    redrives: integer().notNull().default(0),
    /** Sentences per chunk, in order: locates any sentence index in the per-chunk result objects. */
    chunkCounts: text({ mode: "json" }).$type<number[]>(),
    /** R2 prefix that holds the result objects (another job's when served from cache). */
    resultPrefix: text(),
    stats: text({ mode: "json" }).$type<Record<string, number>>(),
    usage: text({ mode: "json" }).$type<Record<string, number>>(),
    /** What a learner should know about a job that completed anyway (e.g. scanned pages skipped). */
    warnings: text({ mode: "json" }).$type<JobWarning[]>(),
    errorCode: text(),
    errorMessage: text(),
    failedStep: text(),
    cached: integer({ mode: "boolean" }).notNull().default(false),
    /** The batch the job was uploaded in, if any. */
    batchId: text().references(() => batches.id),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    startedAt: integer({ mode: "timestamp_ms" }),
    completedAt: integer({ mode: "timestamp_ms" }),
    deletedAt: integer({ mode: "timestamp_ms" }),
    /** When the PDF was removed after PDF_RETENTION_DAYS without use (the results stay). */
    pdfPurgedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    // History pages newest first with a keyset on (created_at, id): the index serves the sort and the tie-break.
    index("jobs_user_created_idx").on(table.userId, table.createdAt, table.id),
    index("jobs_status_updated_idx").on(table.status, table.updatedAt),
    // The admin statistics read jobs by day across users.
    index("jobs_created_idx").on(table.createdAt),
    index("jobs_deleted_idx").on(table.deletedAt),
    index("jobs_result_prefix_idx").on(table.resultPrefix),
    index("jobs_pdf_key_idx").on(table.pdfKey),
    index("jobs_batch_idx").on(table.batchId),
    index("jobs_pdf_retention_idx").on(table.pdfPurgedAt, table.createdAt),
  ],
);

/** Idempotency-Key records for uploads and batch uploads, scoped per user; kept for 24 hours. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text().notNull(),
    requestHash: text().notNull(),
    /** What the request created: a job, or a batch for a batch upload. Null while it is still in flight. */
    jobId: text(),
    createdAt: createdAt(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.key] }),
    index("idempotency_expires_idx").on(table.expiresAt),
  ],
);

/**
 * Single-use tickets that open one job's event stream without an Authorization header (a browser's
 * EventSource cannot send one). Stored as SHA-256 hashes; redeeming deletes the row.
 */
export const eventTickets = sqliteTable(
  "event_tickets",
  {
    ticketHash: text().primaryKey(),
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The sign-in that asked for it (null for an API key): the ticket dies with the session. */
    sessionId: text(),
    createdAt: createdAt(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("event_tickets_expires_idx").on(table.expiresAt)],
);

export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;
