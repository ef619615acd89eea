import type { Config } from "../config";
import { createDb, type Database } from "../db/client";
import type { SheetExport } from "../db/schema";
import { inStep } from "./export-failure";
import { announceExport, finishExport, hasEnded } from "./export-outcome";
import { exportColumns, exportRows, headerRow } from "./export-rows";
import { claimExport, loadExport, recordProgress } from "./export-store";
import type { CellValue } from "./google/a1";
import { shareFile } from "./google/drive";
import { splitBatches } from "./google/plan";
import { writeRows } from "./google/sheets";
import { type GoogleSession, googleSession } from "./google-session";
import { openTarget, type SheetTarget } from "./sheet-target";

/** What a delivery did: the export is done with (ended, or gone), or it waits for another writer of its sheet. */
export type RunOutcome = "done" | "waiting";

/**
 * Writes the rows not yet written, batch after batch, recording after each write how many are: a redelivery
 * starts at the first unrecorded row, and rewriting a batch whose record was lost puts the same values in the
 * same cells (its range comes from the fixed first row and the batch's place in the fixed row order).
 */
async function writeBatches(
  session: GoogleSession,
  db: Database,
  record: SheetExport,
  target: SheetTarget,
  rows: CellValue[][],
): Promise<void> {
  const done = record.rowsWritten;
  for (const batch of splitBatches(rows.slice(done))) {
    const offset = done + batch.offset;
    await inStep("sheet", () =>
      session.call((api) =>
        writeRows(api.sheets, {
          spreadsheetId: target.spreadsheetId,
          sheetTitle: target.sheetTitle,
          startRow: target.startRow + offset,
          rows: batch.rows,
        }),
      ),
    );
    await recordProgress(db, record.id, { rowsWritten: offset + batch.rows.length });
  }
}

/** Shares the spreadsheet with each person asked for, once each, in order (no e-mail unless asked). */
async function shareSpreadsheet(session: GoogleSession, db: Database, record: SheetExport, fileId: string) {
  const shares = record.options.share_with ?? [];
  for (let index = record.sharesDone; index < shares.length; index++) {
    const share = shares[index]!;
    await inStep("share", () =>
      session.call((api) =>
        shareFile(api.drive, { fileId, email: share.email, role: share.role, notify: share.notify ?? false }),
      ),
    );
    await recordProgress(db, record.id, { sharesDone: index + 1 });
  }
}

/**
 * One delivery of an export: claims it, opens (or creates, once) its spreadsheet, writes the rows not yet
 * written, shares it, and ends it completed. Throws an `ExportFailure` (or another error) for the consumer to
 * retry or record. An ended export is only announced again if its announcement had not gone out.
 */
export async function runExport(env: Env, config: Config, exportId: string): Promise<RunOutcome> {
  const db = createDb(env.DB);
  const record = await claimExport(db, exportId, new Date());
  if (!record) {
    // Not claimed: it has ended (its event may still need announcing), it is gone, or another export is
    // writing to the same spreadsheet.
    const current = await loadExport(db, exportId);
    if (current && !hasEnded(current)) return "waiting";
    if (current) await announceExport(env, db, current);
    return "done";
  }
  const rows = await exportRows(env, db, record);
  const session = googleSession(db, config, record.userId);
  const header = headerRow(exportColumns(record));
  const target = await openTarget(session, db, record, { header, rows: rows.length });
  await writeBatches(session, db, record, target, rows);
  await shareSpreadsheet(session, db, record, target.spreadsheetId);
  await finishExport(env, db, exportId, { status: "completed" });
  return "done";
}
