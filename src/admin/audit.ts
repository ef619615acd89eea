import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { type AuditEntry, auditLog } from "../db/schema";
import { encodeTimeCursor, olderThan, type TimeCursor } from "./cursor";

/** One admin API call, as the audit log keeps it. */
export type AuditRecord = Omit<AuditEntry, "id" | "createdAt">;

/** Writes one audit row. */
export async function recordAudit(db: Database, record: AuditRecord): Promise<void> {
  await db.insert(auditLog).values({ id: crypto.randomUUID(), ...record });
}

/** A page of the audit log, newest first; `before` is the last row of the previous page. */
export async function listAudit(
  db: Database,
  page: { limit: number; before: TimeCursor | null; actorId?: string | undefined },
) {
  const { before } = page;
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        page.actorId ? eq(auditLog.actorId, page.actorId) : undefined,
        olderThan(auditLog.createdAt, auditLog.id, before),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map((row) => ({
    id: row.id,
    actor_id: row.actorId,
    actor_email: row.actorEmail,
    action: row.action,
    method: row.method,
    route: row.route,
    target_id: row.targetId,
    status: row.status,
    details: row.details,
    request_id: row.requestId,
    created_at: row.createdAt.toISOString(),
  }));
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return { items, next_cursor: last ? encodeTimeCursor(last.createdAt, last.id) : null };
}
