// OWASP "CSV Injection": a cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
// Only the ASCII hyphen-minus is listed: a French dialogue dash (— U+2014, – U+2013) is text to a spreadsheet.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a cell a spreadsheet would evaluate with `'`, which spreadsheets read as "this is text". */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
