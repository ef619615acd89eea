/** A cell value as the Sheets values API carries it. */
export type CellValue = string | number | boolean;

/** 1 → A, 26 → Z, 27 → AA: the column letters of A1 notation. */
export function columnLetter(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** A sheet title as A1 notation needs it: always quoted, inner quotes doubled (`It's` → `'It''s'`). */
export function quoteSheetTitle(title: string): string {
  return `'${title.replaceAll("'", "''")}'`;
}

/** The exact block `rows` × `columns` starting at row `startRow` (1-based), column A. */
export function blockRange(title: string, startRow: number, rows: number, columns: number): string {
  const endRow = startRow + rows - 1;
  return `${quoteSheetTitle(title)}!A${startRow}:${columnLetter(Math.max(columns, 1))}${endRow}`;
}

/** Whole rows `startRow`..`endRow`, every column (`'Sheet'!5:10`). */
export function rowsRange(title: string, startRow: number, endRow: number): string {
  return `${quoteSheetTitle(title)}!${startRow}:${endRow}`;
}
