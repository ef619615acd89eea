import type { CellValue } from "./a1";

/**
 * Google recommends request payloads of at most 2 MB for Sheets and counts 60 write requests per minute per user
 * (https://developers.google.com/workspace/sheets/api/limits). 5,000 rows of sentence, original and page weigh
 * about 1 to 1.5 MB, so a 25,000-row book is five writes; long sentences end a batch earlier, by bytes.
 */
export const BATCH_LIMITS = { maxRows: 5000, maxBytes: 1_500_000 } as const;

/** A run of consecutive rows and its position (0-based) in the export's row order. */
export interface RowBatch {
  offset: number;
  rows: CellValue[][];
}

/** Cuts rows into consecutive batches within both limits; the same rows always give the same batches. */
export function splitBatches(
  rows: readonly CellValue[][],
  limits: { maxRows: number; maxBytes: number } = BATCH_LIMITS,
): RowBatch[] {
  const encoder = new TextEncoder();
  const batches: RowBatch[] = [];
  let current: RowBatch = { offset: 0, rows: [] };
  let bytes = 0;
  rows.forEach((row, index) => {
    // The row as it travels in `values`: its JSON plus a separating comma.
    const size = encoder.encode(JSON.stringify(row)).byteLength + 1;
    if (
      current.rows.length > 0 &&
      (current.rows.length >= limits.maxRows || bytes + size > limits.maxBytes)
    ) {
      batches.push(current);
      current = { offset: index, rows: [] };
      bytes = 0;
    }
    current.rows.push(row);
    bytes += size;
  });
  if (current.rows.length > 0) batches.push(current);
  return batches;
}

/**
 * Where an append lands after reading the sheet's last used row: on an empty sheet the header goes in row 1 and
 * the rows from row 2; otherwise the rows start right below the last used row and no header is written.
 */
export function appendPlacement(lastRow: number): { header: boolean; firstRow: number } {
  return lastRow === 0 ? { header: true, firstRow: 2 } : { header: false, firstRow: lastRow + 1 };
}
