import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { ExportErrorCode } from "../../lib/job-error";
import { jobs } from "./jobs";
import { createdAt, users } from "./users";

export const EXPORT_STATUSES = ["pending", "running", "completed", "failed"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const EXPORT_DESTINATIONS = ["google_sheets"] as const;
export const EXPORT_MODES = ["new", "append"] as const;
export type ExportMode = (typeof EXPORT_MODES)[number];

/** What the user asked for, wire-shaped (snake_case); the title is resolved when the export is created. */
export interface ExportOptions {
  title?: string;
  sheet_name?: string;
  folder_id?: string;
  share_with?: { email: string; role: "reader" | "writer"; notify?: boolean }[];
  columns: string[];
}

/**
 * One export of a finished job to Google Sheets, run from EXPORT_QUEUE. Its progress is recorded after every
 * step (the spreadsheet, the first row, each batch of rows, each share), so a redelivered message continues where
 * the last delivery stopped and writes nothing twice.
 */
export const sheetExports = sqliteTable(
  "exports",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    destination: text({ enum: EXPORT_DESTINATIONS }).notNull(),
    mode: text({ enum: EXPORT_MODES }).notNull(),
    options: text({ mode: "json" }).notNull().$type<ExportOptions>(),
    status: text({ enum: EXPORT_STATUSES }).notNull().default("pending"),
    rowsTotal: integer().notNull().default(0),
    /** The progress cursor: rows of the job written so far, in order (the next batch starts here). */
    rowsWritten: integer().notNull().default(0),
    /** Entries of `share_with` done, in order. */
    sharesDone: integer().notNull().default(0),
    spreadsheetId: text(),
    spreadsheetUrl: text(),
    sheetTitle: text(),
    /** The row the first sentence goes to, fixed once (an append reads the sheet's last row only once). */
    startRow: integer(),
    /** Whether a header row goes just above `startRow` (a new sheet, or an empty one appended to). */
    withHeader: integer({ mode: "boolean" }).notNull().default(false),
    errorCode: text().$type<ExportErrorCode>(),
    errorMessage: text(),
    /** Deliveries that started work, over every message of this export. */
    attempts: integer().notNull().default(0),
    /** Times the housekeeping sent the message again after the export made no progress. */
    redrives: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    startedAt: integer({ mode: "timestamp_ms" }),
    completedAt: integer({ mode: "timestamp_ms" }),
    /** When `export.finished` went out: an ended export without it is announced again until it does. */
    announcedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    // Lists newest first with a keyset on (created_at, id), per user and per job.
    index("exports_user_created_idx").on(table.userId, table.createdAt, table.id),
    index("exports_job_created_idx").on(table.jobId, table.createdAt, table.id),
    index("exports_status_updated_idx").on(table.status, table.updatedAt),
    index("exports_spreadsheet_idx").on(table.spreadsheetId, table.status),
  ],
);

export type SheetExport = typeof sheetExports.$inferSelect;
