import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { olderThan } from "../db/keyset";
import { type AuditEntry, auditLog } from "../db/schema";
import { type KeysetPosition, keysetCursor, UUID_ID } from "../lib/keyset-cursor";

/** Page cursors of the audit log. */
export const auditCursor = keysetCursor("au", UUID_ID);

/** One admin API call, as the audit log keeps it. */
export type AuditRecord = Omit<AuditEntry, "id" | "createdAt">;

/** Writes one audit row. */
export async function recordAudit(db: Database, record: AuditRecord): Promise<void> {
  await db.insert(auditLog).values({ id: crypto.randomUUID(), ...record });
}

/** A page of the audit log, newest first; `before` is the last row of the previous page. */
export async function listAudit(
  db: Database,
  page: { limit: number; before: KeysetPosition | null; actorId?: string | undefined },
) {
  const { before } = page;
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(page.actorId ? eq(auditLog.actorId, page.actorId) : undefined, olderThan(auditLog, before)))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = auditCursor.page(rows, page.limit);
  return {
    items: items.map((row) => ({
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
    })),
    next_cursor: nextCursor,
  };
}
