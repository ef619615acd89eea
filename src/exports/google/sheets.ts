import { z } from "zod";
import { blockRange, type CellValue, rowsRange } from "./a1";
import { GoogleApiError } from "./errors";
import { type GoogleApi, googleRequest } from "./request";

// Sheets v4 REST (https://developers.google.com/workspace/sheets/api/reference/rest). Every method here accepts
// the `drive.file` scope for spreadsheets the app created; a spreadsheet the user made needs `spreadsheets`. A new
// spreadsheet is created through Drive (drive.ts), which can mark it with the export that made it.

const SheetPropertiesSchema = z.object({
  sheetId: z.number().int(),
  title: z.string(),
  index: z.number().int().default(0),
  sheetType: z.string().default("GRID"),
  gridProperties: z
    .object({
      rowCount: z.number().int().default(0),
      columnCount: z.number().int().default(0),
      frozenRowCount: z.number().int().default(0),
    })
    .default({ rowCount: 0, columnCount: 0, frozenRowCount: 0 }),
});

const SpreadsheetSchema = z.object({
  spreadsheetId: z.string().min(1),
  spreadsheetUrl: z.string().default(""),
  sheets: z.array(z.object({ properties: SheetPropertiesSchema })).default([]),
});

/** One sheet (tab) of a spreadsheet, with its grid size. */
export interface SheetInfo {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
}

/** A spreadsheet and the sheet an export writes to. */
export interface SpreadsheetInfo {
  spreadsheetId: string;
  spreadsheetUrl: string;
  sheet: SheetInfo;
}

// `fields` keeps the answer to what is read here instead of echoing every cell back.
const SPREADSHEET_FIELDS =
  "spreadsheetId,spreadsheetUrl,sheets.properties(sheetId,title,index,sheetType,gridProperties)";

const sheetsPath = (spreadsheetId: string) => `v4/spreadsheets/${encodeURIComponent(spreadsheetId)}`;

function toSheetInfo(properties: z.infer<typeof SheetPropertiesSchema>): SheetInfo {
  const { rowCount, columnCount, frozenRowCount } = properties.gridProperties;
  return { sheetId: properties.sheetId, title: properties.title, rowCount, columnCount, frozenRowCount };
}

const bold = { textFormat: { bold: true } };

/** Finds a sheet by title (exact, then ignoring case), or the first grid sheet when no title is given. */
export async function getSheet(
  api: GoogleApi,
  input: { spreadsheetId: string; sheetName?: string },
): Promise<SpreadsheetInfo> {
  const spreadsheet = await googleRequest(
    api,
    { method: "GET", path: sheetsPath(input.spreadsheetId), query: { fields: SPREADSHEET_FIELDS } },
    SpreadsheetSchema,
  );
  const grids = spreadsheet.sheets
    .map((sheet) => sheet.properties)
    .filter((properties) => properties.sheetType === "GRID")
    .sort((a, b) => a.index - b.index);
  const name = input.sheetName;
  const found =
    name === undefined
      ? grids[0]
      : (grids.find((sheet) => sheet.title === name) ??
        grids.find((sheet) => sheet.title.toLowerCase() === name.toLowerCase()));
  if (!found) {
    throw new GoogleApiError("not_found", "The spreadsheet has no sheet with that name", {
      status: 404,
      reason: "SHEET_NOT_FOUND",
    });
  }
  const { spreadsheetId, spreadsheetUrl } = spreadsheet;
  return { spreadsheetId, spreadsheetUrl, sheet: toSheetInfo(found) };
}

const ValueRangeSchema = z.object({ values: z.array(z.array(z.unknown())).optional() });

/**
 * The last row holding any value, in any column (0 when the sheet is empty). Reads whole rows in windows from
 * the bottom of the grid up: `values.get` leaves out trailing empty rows, so the first window with values ends
 * at the last used row. A sheet's `rowCount` is only its grid size, and a single column (`A:A`) misses rows
 * whose first cell is blank; reading only the last window keeps a long sheet from being downloaded whole.
 */
export async function findLastRow(
  api: GoogleApi,
  input: { spreadsheetId: string; sheet: SheetInfo; windowRows?: number },
): Promise<number> {
  const windowRows = input.windowRows ?? 5000;
  for (let end = input.sheet.rowCount; end > 0; ) {
    const start = Math.max(1, end - windowRows + 1);
    const range = rowsRange(input.sheet.title, start, end);
    const { values = [] } = await googleRequest(
      api,
      {
        method: "GET",
        path: `${sheetsPath(input.spreadsheetId)}/values/${encodeURIComponent(range)}`,
        query: { majorDimension: "ROWS", fields: "values" },
      },
      ValueRangeSchema,
    );
    if (values.length > 0) return start + values.length - 1;
    end = start - 1;
  }
  return 0;
}

/**
 * Makes the sheet hold at least `rowCount` × `columnCount` cells, renames it to `title` when given and, when
 * `header` is set, makes row 1 bold and frozen, in one `batchUpdate` (none when nothing is missing). Sizes are
 * absolute and only ever raised, so a repeated call changes nothing; `values.update` refuses a range beyond the
 * grid, it never grows it.
 */
export async function prepareSheet(
  api: GoogleApi,
  input: {
    spreadsheetId: string;
    sheet: SheetInfo;
    rowCount: number;
    columnCount: number;
    header: boolean;
    title?: string | undefined;
  },
): Promise<SheetInfo> {
  const { sheet } = input;
  const next: SheetInfo = {
    ...sheet,
    title: input.title ?? sheet.title,
    rowCount: Math.max(sheet.rowCount, input.rowCount, input.header ? 2 : 1),
    columnCount: Math.max(sheet.columnCount, input.columnCount),
    frozenRowCount: input.header ? Math.max(sheet.frozenRowCount, 1) : sheet.frozenRowCount,
  };
  const requests: unknown[] = [];
  const resized = next.rowCount !== sheet.rowCount || next.columnCount !== sheet.columnCount;
  if (resized || input.header || next.title !== sheet.title) {
    const fields = ["rowCount", "columnCount", "frozenRowCount"].map((name) => `gridProperties.${name}`);
    const gridProperties = {
      rowCount: next.rowCount,
      columnCount: next.columnCount,
      frozenRowCount: next.frozenRowCount,
    };
    const properties = { sheetId: sheet.sheetId, title: next.title, gridProperties };
    requests.push({ updateSheetProperties: { properties, fields: ["title", ...fields].join(",") } });
  }
  if (input.header) {
    const range = { sheetId: sheet.sheetId, startRowIndex: 0, endRowIndex: 1 };
    const fields = "userEnteredFormat.textFormat.bold";
    requests.push({ repeatCell: { range, cell: { userEnteredFormat: bold }, fields } });
  }
  if (requests.length === 0) return sheet;
  await googleRequest(
    api,
    { method: "POST", path: `${sheetsPath(input.spreadsheetId)}:batchUpdate`, body: { requests } },
    z.unknown(),
  );
  return next;
}

const UpdateSchema = z.object({ updatedRows: z.number().int().default(0) });

/**
 * Writes `rows` into the explicit block starting at `startRow` with `values.update`, `valueInputOption=RAW`:
 * every value is stored as given, so `=1+1` or `-x` stays text, never a formula.
 *
 * Why an explicit range and not `values:append`: append finds the end of the table at the moment it runs, so a
 * batch retried after a lost answer, or a queue message delivered twice, would add its rows a second time.
 * Here a batch's rows are a pure function of the export's recorded first row and the batch's offset in the
 * (fixed) row order, so writing it again overwrites the same cells with the same values. The rows below the
 * last used row were read empty when the export started, so nothing a user wrote before it is ever replaced.
 */
export async function writeRows(
  api: GoogleApi,
  input: { spreadsheetId: string; sheetTitle: string; startRow: number; rows: CellValue[][] },
): Promise<number> {
  if (input.rows.length === 0) return 0;
  const width = Math.max(...input.rows.map((row) => row.length));
  const range = blockRange(input.sheetTitle, input.startRow, input.rows.length, width);
  const updated = await googleRequest(
    api,
    {
      method: "PUT",
      path: `${sheetsPath(input.spreadsheetId)}/values/${encodeURIComponent(range)}`,
      query: { valueInputOption: "RAW", fields: "updatedRows" },
      body: { range, majorDimension: "ROWS", values: input.rows },
    },
    UpdateSchema,
  );
  return updated.updatedRows;
}
