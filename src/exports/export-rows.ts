import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { jobs, type SheetExport } from "../db/schema";
import { withLiveResult } from "../jobs/job-view";
import { COLUMN_LABELS, columnValue, EXPORT_COLUMNS, type ExportColumn } from "../jobs/results/columns";
import { toExportRow } from "../jobs/results/export-sentences";
import { allSentences } from "../jobs/results/read-sentences";
import { ExportFailure } from "./export-failure";
import type { CellValue } from "./google/a1";

/** The export's columns, as stored with it (checked at the request). */
export function exportColumns(record: Pick<SheetExport, "options">): ExportColumn[] {
  return record.options.columns.filter((column): column is ExportColumn =>
    (EXPORT_COLUMNS as readonly string[]).includes(column),
  );
}

/** The header row of an export: each column's label. */
export const headerRow = (columns: readonly ExportColumn[]) => columns.map((column) => COLUMN_LABELS[column]);

/**
 * Every row of an export in the job's order (the sentence, its original, its page…), typed as the sheet stores
 * them. A job's completed results never change, so every delivery computes the same rows.
 */
export async function exportRows(
  env: Pick<Env, "JOB_TRACKER" | "PDF_BUCKET">,
  db: Database,
  record: SheetExport,
): Promise<CellValue[][]> {
  const found = await db.query.jobs.findFirst({ where: eq(jobs.id, record.jobId) });
  const job = found ? await withLiveResult(env, found) : null;
  if (job?.status !== "completed") {
    throw new ExportFailure("INTERNAL_ERROR", "The job's sentences are no longer available to export.");
  }
  const columns = exportColumns(record);
  const rows: CellValue[][] = [];
  for await (const sentence of allSentences(env.PDF_BUCKET, job, { source: true })) {
    const row = toExportRow(sentence);
    rows.push(columns.map((column) => columnValue(row, column)));
  }
  return rows;
}
