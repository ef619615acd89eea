/** POST /v4/spreadsheets/{id}:batchUpdate — the two requests the exports send, applied all or nothing. */
import { sheetsError } from "./errors.mjs";

const invalid = (message) => sheetsError(400, message);

const GRID_FIELDS = ["rowCount", "columnCount", "frozenRowCount"];

/** Reads `updateSheetProperties`: the sheet's next grid, or an error answer. */
function planProperties(spreadsheet, request, index) {
  const { properties = {}, fields = "" } = request;
  const sheet = spreadsheet.sheets.find((candidate) => candidate.sheetId === properties.sheetId);
  if (!sheet)
    return {
      error: invalid(
        `Invalid requests[${index}].updateSheetProperties: No grid with id: ${properties.sheetId}`,
      ),
    };
  const next = {
    rowCount: sheet.rowCount,
    columnCount: sheet.columnCount,
    frozenRowCount: sheet.frozenRowCount,
    title: sheet.title,
  };
  for (const field of fields.split(",").map((name) => name.trim())) {
    const grid =
      field === "*"
        ? GRID_FIELDS
        : GRID_FIELDS.filter((name) => field === `gridProperties.${name}` || field === "gridProperties");
    for (const name of grid) next[name] = properties.gridProperties?.[name] ?? 0;
    if (field === "title" || field === "*") next.title = properties.title ?? sheet.title;
  }
  if (next.frozenRowCount >= next.rowCount)
    return { error: invalid("You can't freeze all visible rows on the sheet.") };
  return { apply: () => resize(sheet, next) };
}

/** A smaller grid drops the cells outside it, as Sheets does. */
function resize(sheet, next) {
  Object.assign(sheet, next);
  sheet.rows.length = Math.min(sheet.rows.length, next.rowCount);
  for (const row of sheet.rows) if (row) row.length = Math.min(row.length, next.columnCount);
}

/** Reads `repeatCell` with a bold text format: the cells to make bold (whole rows when no columns are given). */
function planBold(spreadsheet, request, index) {
  const { range = {}, cell = {}, fields = "" } = request;
  const sheet = spreadsheet.sheets.find((candidate) => candidate.sheetId === (range.sheetId ?? 0));
  if (!sheet)
    return { error: invalid(`Invalid requests[${index}].repeatCell: No grid with id: ${range.sheetId}`) };
  if (!/userEnteredFormat(\.textFormat(\.bold)?)?|\*/.test(fields)) {
    return {
      error: invalid(
        `Invalid requests[${index}].repeatCell: fields must name userEnteredFormat.textFormat.bold`,
      ),
    };
  }
  const bold = cell.userEnteredFormat?.textFormat?.bold === true;
  const [top, bottom] = [(range.startRowIndex ?? 0) + 1, range.endRowIndex ?? sheet.rowCount];
  const wholeRows = range.startColumnIndex === undefined && range.endColumnIndex === undefined;
  return {
    apply: () => {
      for (let row = top; row <= bottom; row++) {
        if (wholeRows) bold ? sheet.boldRows.add(row) : sheet.boldRows.delete(row);
        else {
          for (
            let column = (range.startColumnIndex ?? 0) + 1;
            column <= (range.endColumnIndex ?? sheet.columnCount);
            column++
          ) {
            bold ? sheet.boldCells.add(`${row}:${column}`) : sheet.boldCells.delete(`${row}:${column}`);
          }
        }
      }
    },
  };
}

/** Applies every request, or none if one is invalid. */
export function batchUpdate(spreadsheet, body) {
  const plans = (body.requests ?? []).map((request, index) => {
    if (request.updateSheetProperties)
      return planProperties(spreadsheet, request.updateSheetProperties, index);
    if (request.repeatCell) return planBold(spreadsheet, request.repeatCell, index);
    return {
      error: invalid(`Invalid requests[${index}]: the fake supports updateSheetProperties and repeatCell`),
    };
  });
  const failed = plans.find((plan) => plan.error);
  if (failed) return failed.error;
  for (const plan of plans) plan.apply();
  return {
    status: 200,
    headers: {},
    body: { spreadsheetId: spreadsheet.id, replies: plans.map(() => ({})) },
  };
}
