import { eq } from "drizzle-orm";
import { auditLog, usageLedger } from "../../db/schema";
import type { DataSection } from "../data-section";
import { eraseRows, userRows } from "./user-rows";

/** The user's usage ledger (pages reserved, charged, refunded, granted): `usage.json`. */
export const usageSection: DataSection = {
  name: "usage",
  tables: ["usage_ledger"],
  file: {
    name: "usage.json",
    describe:
      "Your usage ledger: the pages each job reserved, was charged or refunded, and pages granted to you.",
    async rows({ db }, userId) {
      const rows = await userRows(db, usageLedger, userId);
      return rows.map((row) => ({
        period: row.period,
        day: row.day,
        kind: row.kind,
        pages: row.pages,
        engine: row.engine,
        job_id: row.jobId,
        note: row.note,
        created_at: row.createdAt.toISOString(),
      }));
    },
  },
  erase: eraseRows(usageLedger, usageLedger.userId),
};

/** Admin audit rows stay accountable: an erased admin's own calls keep their row, not their email address. */
export const auditSection: DataSection = {
  name: "audit_log",
  tables: [],
  retains: [{ table: "audit_log", why: "the admin audit trail; the actor's email address is cleared" }],
  async erase({ db }, userId) {
    const result = await db
      .update(auditLog)
      .set({ actorEmail: "" })
      .where(eq(auditLog.actorId, userId))
      .run();
    return { counts: { rows_cleared: result.meta.changes } };
  },
};
