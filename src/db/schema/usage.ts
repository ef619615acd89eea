import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, users } from "./users";

export const LEDGER_KINDS = ["reservation", "refund", "grant"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Every change to a user's monthly page quota: a job's reservation (pages +), the refund of what a failed or
 * cancelled job did not process (pages −), an admin's grant (pages added to the month's allowance). Never
 * updated, never deleted with a job: usage stays auditable. `key` is unique, so a redelivered message or a
 * repeated event writes nothing twice.
 */
export const usageLedger = sqliteTable(
  "usage_ledger",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The calendar month (UTC) the entry counts in, `2026-12`; a refund counts in its reservation's month. */
    period: text().notNull(),
    /** The day the pages count on, `2026-12-03`; a refund counts on its reservation's day. */
    day: text().notNull(),
    kind: text({ enum: LEDGER_KINDS }).notNull(),
    pages: integer().notNull(),
    /** The engine of a job's entries (`gemini` pages count against the plan's Gemini pages too); null for grants. */
    engine: text(),
    jobId: text(),
    key: text().notNull().unique(),
    /** The admin who granted pages. */
    actorId: text(),
    note: text(),
    createdAt: createdAt(),
  },
  (table) => [
    index("usage_ledger_user_period_idx").on(table.userId, table.period),
    index("usage_ledger_job_idx").on(table.jobId),
    index("usage_ledger_period_idx").on(table.period),
  ],
);

/** Every call to the admin API, refused ones included; details never hold sentences or tokens. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text().primaryKey(),
    actorId: text().references(() => users.id, { onDelete: "set null" }),
    /** Kept as it was at the time of the call, so the row still says who after the account is gone. */
    actorEmail: text().notNull(),
    action: text().notNull(),
    method: text().notNull(),
    route: text().notNull(),
    targetId: text(),
    status: integer().notNull(),
    details: text({ mode: "json" }).$type<Record<string, unknown>>(),
    requestId: text(),
    createdAt: createdAt(),
  },
  (table) => [index("audit_log_created_idx").on(table.createdAt, table.id)],
);

export type LedgerEntry = typeof usageLedger.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
