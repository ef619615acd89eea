import { columnValue, type ExportColumn, type ExportRow } from "../columns";
import { neutralizeFormula } from "./neutralize";

/** RFC 4180 quoting: a field holding the separator, a quote or a line break is quoted, its quotes doubled. */
export function quoteField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The first line of a CSV or TSV download: a BOM (so spreadsheets read UTF-8 accents) and the column names. */
export function delimitedHeader(columns: readonly ExportColumn[], separator: string): string {
  return `\uFEFF${columns.join(separator)}\r\n`;
}

/** One row of a CSV or TSV download; text cells a spreadsheet would evaluate are neutralised. */
export function delimitedLine(row: ExportRow, columns: readonly ExportColumn[], separator: string): string {
  const cells = columns.map((column) => {
    const value = columnValue(row, column);
    return quoteField(typeof value === "string" ? neutralizeFormula(value) : String(value), separator);
  });
  return `${cells.join(separator)}\r\n`;
}
