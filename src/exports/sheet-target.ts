import type { Database } from "../db/client";
import type { SheetExport } from "../db/schema";
import { inStep } from "./export-failure";
import { recordProgress } from "./export-store";
import { createMarkedSpreadsheet, findMarkedSpreadsheet } from "./google/drive";
import { appendPlacement } from "./google/plan";
import { findLastRow, getSheet, prepareSheet, writeRows } from "./google/sheets";
import type { GoogleSession } from "./google-session";

/** Where an export's rows go: the spreadsheet, its sheet, and the row of the first sentence. */
export interface SheetTarget {
  spreadsheetId: string;
  sheetTitle: string;
  startRow: number;
}

/** The name of a new spreadsheet's sheet when the export names none. */
const DEFAULT_SHEET_NAME = "Sentences";

/**
 * The spreadsheet of a new export: the one an earlier delivery created (found by the export's marker in Drive),
 * or a new one in the requested folder. Its id is recorded before anything else is done with it.
 */
async function newSpreadsheet(session: GoogleSession, db: Database, record: SheetExport): Promise<string> {
  if (record.spreadsheetId) return record.spreadsheetId;
  const spreadsheetId = await inStep("create", () =>
    session.call(
      async (api) =>
        (await findMarkedSpreadsheet(api.drive, record.id)) ??
        createMarkedSpreadsheet(api.drive, {
          name: record.options.title ?? "Sentences",
          folderId: record.options.folder_id,
          marker: record.id,
        }),
    ),
  );
  await recordProgress(db, record.id, { spreadsheetId });
  return spreadsheetId;
}

/**
 * Opens the export's spreadsheet and fixes where its rows go, once: a new sheet puts them under a header in row
 * 1; an append reads the sheet's last used row on its first delivery only and records the row below it before
 * writing anything, so a redelivery never sees its own rows as the user's. Then the grid is grown to hold every
 * row and the header (bold, frozen) is written when there is one; both are idempotent.
 */
export async function openTarget(
  session: GoogleSession,
  db: Database,
  record: SheetExport,
  layout: { header: string[]; rows: number },
): Promise<SheetTarget> {
  const isNew = record.mode === "new";
  const spreadsheetId = isNew ? await newSpreadsheet(session, db, record) : record.spreadsheetId!;
  return inStep("sheet", () =>
    session.call(async (api) => {
      // A new spreadsheet has one sheet, renamed below; an append names its sheet or takes the first.
      const sheetName = isNew ? undefined : record.options.sheet_name;
      const found = await getSheet(api.sheets, { spreadsheetId, sheetName });
      let placement = { header: record.withHeader, firstRow: record.startRow ?? 0 };
      if (record.startRow === null) {
        placement = isNew
          ? { header: true, firstRow: 2 }
          : appendPlacement(await findLastRow(api.sheets, { spreadsheetId, sheet: found.sheet }));
        await recordProgress(db, record.id, { startRow: placement.firstRow, withHeader: placement.header });
      }
      const sheet = await prepareSheet(api.sheets, {
        spreadsheetId,
        sheet: found.sheet,
        rowCount: placement.firstRow + layout.rows - 1,
        columnCount: layout.header.length,
        header: placement.header,
        title: isNew ? (record.options.sheet_name ?? DEFAULT_SHEET_NAME) : undefined,
      });
      if (placement.header) {
        const headerRow = placement.firstRow - 1;
        await writeRows(api.sheets, {
          spreadsheetId,
          sheetTitle: sheet.title,
          startRow: headerRow,
          rows: [layout.header],
        });
      }
      await recordProgress(db, record.id, { spreadsheetUrl: found.spreadsheetUrl, sheetTitle: sheet.title });
      return { spreadsheetId, sheetTitle: sheet.title, startRow: placement.firstRow };
    }),
  );
}
