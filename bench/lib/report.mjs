// Printing helpers of the benchmark: percentiles, rounding and plain-text tables.

/** The p-th percentile (0–100) of a list of numbers, by nearest rank; null for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A number rounded to `digits` decimals (null stays null). */
export const round = (value, digits = 1) =>
  value == null || Number.isNaN(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** Prints rows (objects) as an aligned table under a title, with the given columns `[key, header]`. */
export function printTable(title, columns, rows) {
  console.log(`\n${title}`);
  if (rows.length === 0) return console.log("  (nothing measured)");
  const cells = rows.map((row) => columns.map(([key]) => (row[key] == null ? "—" : String(row[key]))));
  const widths = columns.map(([, header], i) =>
    Math.max(header.length, ...cells.map((line) => line[i].length)),
  );
  const format = (line) =>
    `  ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ")}`;
  console.log(format(columns.map(([, header]) => header)));
  for (const line of cells) console.log(format(line));
}
