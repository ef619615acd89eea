import type { Database } from "../db/client";
import type { SheetExport } from "../db/schema";
import { domainEventId, publishEvent } from "../lib/domain-events";
import { ENDED_STATUSES, type ExportEnding, endExport, markAnnounced } from "./export-store";

/**
 * Announces an ended export (`export.finished`) unless that was done. The event's id comes from the export and
 * the moment it ended, so announcing again after a failed send yields the same id and reactions skip it.
 */
export async function announceExport(env: Pick<Env, "EVENT_BUS">, db: Database, row: SheetExport) {
  if (row.announcedAt || !row.completedAt) return;
  if (row.status !== "completed" && row.status !== "failed") return;
  const at = row.completedAt.getTime();
  await publishEvent(env, {
    type: "export.finished",
    id: domainEventId("export.finished", row.id, at),
    exportId: row.id,
    userId: row.userId,
    status: row.status,
    at,
  });
  await markAnnounced(db, row.id, new Date());
}

/** Ends an open export (completed, or failed with a code) and announces it; an ended export is left alone. */
export async function finishExport(
  env: Pick<Env, "EVENT_BUS">,
  db: Database,
  exportId: string,
  ending: ExportEnding,
): Promise<void> {
  const ended = await endExport(db, exportId, ending, new Date());
  if (ended) await announceExport(env, db, ended);
}

/** Whether an export has ended. */
export const hasEnded = (row: Pick<SheetExport, "status">) =>
  (ENDED_STATUSES as readonly string[]).includes(row.status);
