import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { olderThan } from "../db/keyset";
import { type SheetExport, sheetExports } from "../db/schema";
import { keysetCursor, UUID_ID } from "../lib/keyset-cursor";

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The API paths of an export's resources. */
export function exportLinks(row: Pick<SheetExport, "id" | "jobId">) {
  return { self: `/api/v1/exports/${row.id}`, job: `/api/v1/jobs/${row.jobId}` };
}

/** The wire view of an export. */
export function exportView(row: SheetExport) {
  return {
    export_id: row.id,
    job_id: row.jobId,
    destination: row.destination,
    mode: row.mode,
    status: row.status,
    rows_written: row.rowsWritten,
    rows_total: row.rowsTotal,
    spreadsheet_id: row.spreadsheetId,
    spreadsheet_url: row.spreadsheetUrl,
    sheet_name: row.sheetTitle,
    title: row.options.title ?? null,
    columns: row.options.columns,
    error: row.errorCode ? { error_code: row.errorCode, message: row.errorMessage ?? "" } : null,
    attempts: row.attempts,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
    links: exportLinks(row),
  };
}

export type ExportView = ReturnType<typeof exportView>;

/** The exports list's cursors: export ids are UUIDs. */
const exportCursor = keysetCursor("x", UUID_ID);

/**
 * A page of the user's exports, newest first (of one job when `jobId` is given), keyset on (created_at, id) like
 * the history, and the cursor of the next page.
 */
export async function listExports(
  db: Database,
  userId: string,
  query: { jobId?: string; cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? exportCursor.decode(query.cursor) : null;
  const rows = await db
    .select()
    .from(sheetExports)
    .where(
      and(
        eq(sheetExports.userId, userId),
        query.jobId ? eq(sheetExports.jobId, query.jobId) : undefined,
        olderThan(sheetExports, after),
      ),
    )
    .orderBy(desc(sheetExports.createdAt), desc(sheetExports.id))
    .limit(query.limit + 1);
  const { items, nextCursor } = exportCursor.page(rows, query.limit);
  return { items: items.map(exportView), next_cursor: nextCursor };
}
