import { describe, expect, it } from "vitest";
import { blockRange, columnLetter, quoteSheetTitle, rowsRange } from "../../../src/exports/google/a1";
import { appendPlacement, BATCH_LIMITS, splitBatches } from "../../../src/exports/google/plan";

const rows = (count: number, text = "Une phrase.") => Array.from({ length: count }, (_, i) => [text, i]);

describe("batches", () => {
  it("cut at the row limit, keep order and record each batch's offset", () => {
    const batches = splitBatches(rows(12_001));
    expect(batches.map((batch) => [batch.offset, batch.rows.length])).toEqual([
      [0, BATCH_LIMITS.maxRows],
      [5000, 5000],
      [10_000, 2001],
    ]);
    expect(batches.flatMap((batch) => batch.rows)).toEqual(rows(12_001));
  });

  it("cut earlier when rows are long, staying under the byte limit", () => {
    const long = rows(100, "é".repeat(2000));
    const batches = splitBatches(long, { maxRows: 5000, maxBytes: 50_000 });
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches)
      expect(new TextEncoder().encode(JSON.stringify(batch.rows)).byteLength).toBeLessThanOrEqual(50_000);
    expect(batches.flatMap((batch) => batch.rows)).toHaveLength(100);
  });

  it("are the same for the same rows, so a redelivered message rewrites the same ranges", () => {
    const input = rows(7000);
    expect(splitBatches(input)).toEqual(splitBatches(input));
  });

  it("hold a row larger than the byte limit alone rather than dropping it", () => {
    const batches = splitBatches([["x".repeat(100)], ["y"]], { maxRows: 10, maxBytes: 20 });
    expect(batches).toEqual([
      { offset: 0, rows: [["x".repeat(100)]] },
      { offset: 1, rows: [["y"]] },
    ]);
  });
});

describe("placement of an append", () => {
  it("writes a header only on an empty sheet", () => {
    expect(appendPlacement(0)).toEqual({ header: true, firstRow: 2 });
    expect(appendPlacement(41)).toEqual({ header: false, firstRow: 42 });
  });
});

describe("A1 notation", () => {
  it("names columns past Z", () => {
    expect([1, 26, 27, 52, 702, 703].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "ZZ", "AAA"]);
  });

  it("quotes sheet titles and doubles their apostrophes", () => {
    expect(quoteSheetTitle("L'Étranger")).toBe("'L''Étranger'");
    expect(blockRange("Feuille 1", 2, 3, 28)).toBe("'Feuille 1'!A2:AB4");
    expect(rowsRange("Sheet1", 5, 10)).toBe("'Sheet1'!5:10");
  });
});
