import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, users } from "./users";

const timestamp = () => integer({ mode: "timestamp_ms" });

export const ACCOUNT_EXPORT_STATUSES = ["pending", "running", "completed", "failed"] as const;
export type AccountExportStatus = (typeof ACCOUNT_EXPORT_STATUSES)[number];

/**
 * A copy of a user's data as one ZIP in R2 (GDPR art. 15/20). At most one pending or running export per user
 * (the partial unique index makes a concurrent second request fail). The ZIP and the row go after 7 days.
 */
export const accountExports = sqliteTable(
  "account_exports",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text({ enum: ACCOUNT_EXPORT_STATUSES }).notNull().default("pending"),
    includePdfs: integer({ mode: "boolean" }).notNull().default(true),
    /** R2 key of the finished ZIP. */
    objectKey: text(),
    /** The multipart upload of the run in progress, aborted when the run is abandoned. */
    uploadId: text(),
    sizeBytes: integer(),
    fileCount: integer(),
    /** Runs started so far; a run only writes its outcome while it is still the latest. */
    attempts: integer().notNull().default(0),
    errorCode: text(),
    errorMessage: text(),
    createdAt: createdAt(),
    /** Moves on every part uploaded: a run that stopped moving is re-driven by the cron. */
    updatedAt: createdAt(),
    completedAt: timestamp(),
  },
  (table) => [
    index("account_exports_user_idx").on(table.userId, table.createdAt),
    index("account_exports_status_idx").on(table.status, table.updatedAt),
    uniqueIndex("account_exports_one_active_idx")
      .on(table.userId)
      .where(sql`${table.status} in ('pending', 'running')`),
  ],
);

export const ACCOUNT_DELETION_STATUSES = ["pending", "running", "completed", "failed"] as const;
export type AccountDeletionStatus = (typeof ACCOUNT_DELETION_STATUSES)[number];

/**
 * The progress of an account deletion (GDPR art. 17). Deliberately without a foreign key to `users`: the row
 * outlives the user it erases, so a redelivered message resumes at `step`, a second request is recognised,
 * and the erasure stays accountable. It holds the (random) user id and counts only, never personal fields.
 */
export const accountDeletions = sqliteTable(
  "account_deletions",
  {
    userId: text().primaryKey(),
    status: text({ enum: ACCOUNT_DELETION_STATUSES }).notNull().default("pending"),
    /** The next step to run (steps before it are done). */
    step: text().notNull(),
    /** What each step removed: rows, objects, cache entries, per section. */
    counts: text({ mode: "json" }).$type<Record<string, number>>().notNull().default({}),
    /** Jobs that were running when the account was blocked: their late writes are swept at the end. */
    cancelledJobs: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    /** revoked | not_granted | failed (Google could not be reached on the last attempt). */
    googleRevocation: text(),
    /** Deliveries and cron re-drives so far. */
    attempts: integer().notNull().default(0),
    errorMessage: text(),
    requestedAt: createdAt(),
    updatedAt: createdAt(),
    /** When the erasure of rows and objects may begin: once every isolate's session cache has expired. */
    eraseAfter: timestamp().notNull(),
    completedAt: timestamp(),
  },
  (table) => [index("account_deletions_status_idx").on(table.status, table.updatedAt)],
);

export type AccountExport = typeof accountExports.$inferSelect;
export type AccountDeletion = typeof accountDeletions.$inferSelect;
