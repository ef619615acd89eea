/** The Sheets v4 methods the exports call, over spreadsheets kept in memory. */
import { columnLetters, parseRange, printRange, printTitle } from "./a1.mjs";
import { sheetsError } from "./errors.mjs";

const ok = (body) => ({ status: 200, headers: {}, body });
const invalid = (message) => sheetsError(400, message);
const isEmpty = (cell) => cell === undefined || cell === null || cell === "";

/** A sheet: its grid size, its cells (`rows[r - 1][c - 1]`, a value or `{ formula }`) and its bold cells. */
export function newSheet({ sheetId, title, index, rowCount = 1000, columnCount = 26, frozenRowCount = 0 }) {
  return {
    sheetId,
    title,
    index,
    rowCount,
    columnCount,
    frozenRowCount,
    rows: [],
    boldRows: new Set(),
    boldCells: new Set(),
  };
}

const isBold = (sheet, row, column) => sheet.boldRows.has(row) || sheet.boldCells.has(`${row}:${column}`);

/** Rows (1-based) holding values that are all bold. */
export function boldRows(sheet) {
  const rows = [];
  sheet.rows.forEach((cells, r) => {
    const filled = (cells ?? []).flatMap((cell, c) => (isEmpty(cell) ? [] : [c + 1]));
    if (filled.length > 0 && filled.every((column) => isBold(sheet, r + 1, column))) rows.push(r + 1);
  });
  return rows;
}

export function sheetProperties(sheet) {
  const gridProperties = { rowCount: sheet.rowCount, columnCount: sheet.columnCount };
  if (sheet.frozenRowCount > 0) gridProperties.frozenRowCount = sheet.frozenRowCount;
  return {
    sheetId: sheet.sheetId,
    title: sheet.title,
    index: sheet.index,
    sheetType: "GRID",
    gridProperties,
  };
}

/** The Spreadsheet resource, without cell data (what `fields=sheets.properties` asks for). */
export function spreadsheetResource(spreadsheet) {
  return {
    spreadsheetId: spreadsheet.id,
    properties: { title: spreadsheet.title, locale: "fr_FR", timeZone: "Europe/Paris" },
    sheets: spreadsheet.sheets.map((sheet) => ({ properties: sheetProperties(sheet) })),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.id}/edit`,
  };
}

/** Sets a cell; `null` leaves it as it is, as the values API does. */
function setCell(sheet, row, column, value) {
  if (value === null || value === undefined) return;
  sheet.rows[row - 1] ??= [];
  sheet.rows[row - 1][column - 1] = value;
}

/** How USER_ENTERED reads typed text: numbers, booleans, and formulas for `=`, `+`, `-`. RAW stores as is. */
function userEntered(value) {
  if (typeof value !== "string") return value;
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^(true|false)$/i.test(value)) return value.toUpperCase() === "TRUE";
  if (/^[=+-]/.test(value)) return { formula: value.startsWith("=") ? value : `=${value}` };
  return value;
}

/** Resolves a range to its sheet and bounds, or an error answer. */
function locate(spreadsheet, range) {
  const parsed = parseRange(
    range,
    spreadsheet.sheets.map((sheet) => sheet.title),
  );
  const sheet = parsed && spreadsheet.sheets.find((candidate) => candidate.title === parsed.title);
  if (!sheet) return { error: invalid(`Unable to parse range: ${range}`) };
  const bottom = parsed.bottom ?? sheet.rowCount;
  const right = parsed.right ?? sheet.columnCount;
  if (parsed.top > sheet.rowCount || bottom > sheet.rowCount || right > sheet.columnCount) {
    const cell = `${columnLetters(parsed.left)}${Math.max(parsed.top, bottom)}`;
    return {
      error: invalid(
        `Range (${printTitle(sheet.title)}!${cell}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
      ),
    };
  }
  return {
    sheet,
    ...parsed,
    bottom,
    right,
    open: { bottom: parsed.bottom === null, right: parsed.right === null },
  };
}

function render(cell, option) {
  if (option === "UNFORMATTED_VALUE") return typeof cell === "object" ? "#ERROR!" : cell;
  if (typeof cell === "object") return option === "FORMULA" ? cell.formula : "#ERROR!";
  return typeof cell === "boolean" ? String(cell).toUpperCase() : String(cell);
}

/** GET /v4/spreadsheets/{id}/values/{range}: trailing empty rows and cells are left out, leading ones kept. */
export function getValues(spreadsheet, range, query) {
  const at = locate(spreadsheet, range);
  if (at.error) return at.error;
  const values = [];
  for (let row = at.top; row <= at.bottom; row++) {
    const cells = [];
    for (let column = at.left; column <= at.right; column++) cells.push(at.sheet.rows[row - 1]?.[column - 1]);
    while (cells.length > 0 && isEmpty(cells.at(-1))) cells.pop();
    values.push(cells.map((cell) => (isEmpty(cell) ? "" : render(cell, query.get("valueRenderOption")))));
  }
  while (values.length > 0 && values.at(-1).length === 0) values.pop();
  const answer = {
    range: printRange(at.sheet.title, at.top, at.left, at.bottom, at.right),
    majorDimension: "ROWS",
  };
  return ok(values.length > 0 ? { ...answer, values } : answer);
}

/** PUT /v4/spreadsheets/{id}/values/{range}?valueInputOption=RAW|USER_ENTERED */
export function updateValues(spreadsheet, range, query, body) {
  const option = query.get("valueInputOption");
  if (option !== "RAW" && option !== "USER_ENTERED")
    return invalid("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED");
  if (body.range !== undefined && body.range !== range)
    return invalid(`Requested range [${range}] doesn't match the body range [${body.range}]`);
  if ((body.majorDimension ?? "ROWS") !== "ROWS") return invalid("The fake writes ROWS only");
  const values = body.values ?? [];
  const at = locate(spreadsheet, range);
  if (at.error) return at.error;
  const width = Math.max(0, ...values.map((row) => row.length));
  const [lastRow, lastColumn] = [at.top + values.length - 1, at.left + width - 1];
  if (!at.open.bottom && lastRow > at.bottom)
    return invalid(`Requested writing within range [${range}], but tried writing to row [${lastRow}]`);
  if (!at.open.right && lastColumn > at.right)
    return invalid(
      `Requested writing within range [${range}], but tried writing to column [${columnLetters(lastColumn)}]`,
    );
  if (lastRow > at.sheet.rowCount || lastColumn > at.sheet.columnCount) {
    return invalid(
      `Range (${printTitle(at.sheet.title)}!${columnLetters(lastColumn)}${lastRow}) exceeds grid limits. Max rows: ${at.sheet.rowCount}, max columns: ${at.sheet.columnCount}`,
    );
  }
  for (const [r, row] of values.entries()) {
    for (const [c, value] of row.entries()) {
      setCell(at.sheet, at.top + r, at.left + c, option === "RAW" ? value : userEntered(value));
    }
  }
  const updatedRange = printRange(
    at.sheet.title,
    at.top,
    at.left,
    Math.max(lastRow, at.top),
    Math.max(lastColumn, at.left),
  );
  const cells = values.reduce((sum, row) => sum + row.length, 0);
  return ok({
    spreadsheetId: spreadsheet.id,
    updatedRange,
    updatedRows: values.length,
    updatedColumns: width,
    updatedCells: cells,
  });
}
