import { beforeEach, describe, expect, it } from "vitest";
import type { FakeGoogleWorkspace } from "../../../scripts/lib/fake-google/workspace.mjs";
import type { CellValue } from "../../../src/exports/google/a1";
import { createMarkedSpreadsheet } from "../../../src/exports/google/drive";
import { GoogleApiError } from "../../../src/exports/google/errors";
import { appendPlacement, splitBatches } from "../../../src/exports/google/plan";
import { findLastRow, getSheet, prepareSheet, writeRows } from "../../../src/exports/google/sheets";
import { driveApi, installGoogleApis, sheetsApi } from "../../helpers/google-apis";

const HEADER = ["Sentence", "Original sentence", "Page"];
const api = sheetsApi();
let google: FakeGoogleWorkspace;

beforeEach(() => {
  google = installGoogleApis();
});

const rowsOf = (count: number, from = 0): CellValue[][] =>
  Array.from({ length: count }, (_, i) => [`Phrase ${from + i}.`, `Original ${from + i}, plus long.`, 1 + i]);

const sheetOf = (spreadsheetId: string) => google.inspect(spreadsheetId)?.sheets[0];

/** A new spreadsheet as an export makes it: created in Drive, its sheet renamed and sized, a bold frozen header. */
async function createSpreadsheet(title: string, rows: number) {
  const spreadsheetId = await createMarkedSpreadsheet(driveApi(), {
    name: title,
    marker: crypto.randomUUID(),
  });
  const { sheet } = await getSheet(api, { spreadsheetId });
  const ready = await prepareSheet(api, {
    spreadsheetId,
    sheet,
    rowCount: rows + 1,
    columnCount: HEADER.length,
    header: true,
    title: "Sentences",
  });
  await writeRows(api, { spreadsheetId, sheetTitle: ready.title, startRow: 1, rows: [HEADER] });
  return { spreadsheetId, sheet: ready };
}
const calls = (method: string, pathPart: string) =>
  google.requests.filter((request) => request.method === method && request.path.includes(pathPart));

describe("a new spreadsheet", () => {
  it("gets its header in row 1, bold and frozen, on a renamed sheet sized for every row", async () => {
    const created = await createSpreadsheet("Le Petit Prince", 2000);
    expect(created.sheet).toMatchObject({ title: "Sentences", frozenRowCount: 1, rowCount: 2001 });
    const sheet = sheetOf(created.spreadsheetId);
    expect(google.inspect(created.spreadsheetId)?.title).toBe("Le Petit Prince");
    expect(sheet).toMatchObject({ title: "Sentences", rowCount: 2001, columnCount: 26, frozenRowCount: 1 });
    expect(sheet?.values).toEqual([HEADER]);
    expect(sheet?.boldRows).toEqual([1]);
    // Drive's create, Sheets' get, one batchUpdate for size, title, freeze and bold, one write.
    expect(google.requests.map((request) => request.method)).toEqual(["POST", "GET", "POST", "PUT"]);
  });

  it("keeps every row in order across several batches (25,000 rows)", async () => {
    const rows = rowsOf(25_000);
    const { spreadsheetId, sheet } = await createSpreadsheet("Long", rows.length);
    const batches = splitBatches(rows);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const written = await writeRows(api, {
        spreadsheetId,
        sheetTitle: sheet.title,
        startRow: 2 + batch.offset,
        rows: batch.rows,
      });
      expect(written).toBe(batch.rows.length);
    }
    const writes = calls("PUT", "/values/").slice(1);
    expect(writes).toHaveLength(batches.length);
    for (const write of writes) expect(JSON.stringify(write.body).length).toBeLessThan(2_000_000);
    expect(sheetOf(spreadsheetId)?.values).toEqual([HEADER, ...rows]);
  });

  it("writes every value RAW: =1+1 and -x stay text, numbers stay numbers", async () => {
    const { spreadsheetId, sheet } = await createSpreadsheet("Raw", 3);
    const rows = [
      ["=1+1", '=HYPERLINK("http://evil.test")', 3],
      ["-x", "+33 1 23", 4],
      ["— Bonjour, dit-il.", "@home", 5],
    ];
    await writeRows(api, { spreadsheetId, sheetTitle: sheet.title, startRow: 2, rows });
    expect(calls("PUT", "/values/").map((write) => write.query.valueInputOption)).toEqual(["RAW", "RAW"]);
    expect(sheetOf(spreadsheetId)?.values.slice(1)).toEqual(rows);
  });

  it("rewrites a redelivered batch over itself: no row twice, nothing else touched", async () => {
    const rows = rowsOf(9);
    const { spreadsheetId, sheet } = await createSpreadsheet("Retry", 9);
    const batches = splitBatches(rows, { maxRows: 3, maxBytes: 1_000_000 });
    for (const batch of [...batches, batches[1]!, batches[1]!]) {
      await writeRows(api, {
        spreadsheetId,
        sheetTitle: sheet.title,
        startRow: 2 + batch.offset,
        rows: batch.rows,
      });
    }
    expect(sheetOf(spreadsheetId)?.values).toEqual([HEADER, ...rows]);
  });
});

describe("appending to a spreadsheet the user made", () => {
  const existing = [
    ["Mot", "Traduction"],
    ["chat", "cat"],
    ["", ""],
    ["", "", "note in C"],
  ];

  it("writes below the last used row, even one whose first cell is blank, and adds no second header", async () => {
    const spreadsheetId = google.addSpreadsheet({
      title: "Vocab",
      sheetTitle: "Mots",
      rows: existing,
      rowCount: 4,
    });
    const { sheet } = await getSheet(api, { spreadsheetId });
    const lastRow = await findLastRow(api, { spreadsheetId, sheet });
    expect(lastRow).toBe(4);
    const placement = appendPlacement(lastRow);
    expect(placement).toEqual({ header: false, firstRow: 5 });
    const rows = rowsOf(3);
    const ready = await prepareSheet(api, {
      spreadsheetId,
      sheet,
      rowCount: placement.firstRow + rows.length - 1,
      columnCount: HEADER.length,
      header: placement.header,
    });
    expect(ready.rowCount).toBe(7);
    await writeRows(api, { spreadsheetId, sheetTitle: sheet.title, startRow: placement.firstRow, rows });
    const after = sheetOf(spreadsheetId);
    expect(after?.values).toEqual([...existing, ...rows]);
    expect(after?.boldRows).toEqual([]);
  });

  it("puts a bold, frozen header on an empty sheet, then the rows from row 2", async () => {
    const spreadsheetId = google.addSpreadsheet({ title: "Empty", rowCount: 1 });
    const { sheet } = await getSheet(api, { spreadsheetId });
    const placement = appendPlacement(await findLastRow(api, { spreadsheetId, sheet }));
    expect(placement).toEqual({ header: true, firstRow: 2 });
    await prepareSheet(api, { spreadsheetId, sheet, rowCount: 3, columnCount: 3, header: true });
    await writeRows(api, { spreadsheetId, sheetTitle: sheet.title, startRow: 1, rows: [HEADER] });
    await writeRows(api, { spreadsheetId, sheetTitle: sheet.title, startRow: 2, rows: rowsOf(2) });
    const after = sheetOf(spreadsheetId);
    expect(after?.values).toEqual([HEADER, ...rowsOf(2)]);
    expect(after?.boldRows).toEqual([1]);
    expect(after?.frozenRowCount).toBe(1);
  });

  it("reads only the bottom window of a long sheet, and walks up through empty windows", async () => {
    const full = google.addSpreadsheet({ rows: rowsOf(120), rowCount: 120 });
    const fullSheet = (await getSheet(api, { spreadsheetId: full })).sheet;
    expect(await findLastRow(api, { spreadsheetId: full, sheet: fullSheet, windowRows: 50 })).toBe(120);
    expect(calls("GET", "/values/")).toHaveLength(1);

    const sparse = google.addSpreadsheet({ rows: rowsOf(2), rowCount: 500 });
    const sparseSheet = (await getSheet(api, { spreadsheetId: sparse })).sheet;
    expect(await findLastRow(api, { spreadsheetId: sparse, sheet: sparseSheet, windowRows: 100 })).toBe(2);
    expect(calls("GET", `${sparse}/values/`)).toHaveLength(5);
  });

  it("refuses to write past the grid until the sheet is grown, and never shrinks it", async () => {
    const spreadsheetId = google.addSpreadsheet({ rows: rowsOf(2), rowCount: 2 });
    const { sheet } = await getSheet(api, { spreadsheetId });
    const write = writeRows(api, { spreadsheetId, sheetTitle: sheet.title, startRow: 3, rows: rowsOf(1) });
    await expect(write).rejects.toMatchObject({ kind: "invalid", status: 400 });
    const grown = await prepareSheet(api, {
      spreadsheetId,
      sheet,
      rowCount: 3,
      columnCount: 3,
      header: false,
    });
    await writeRows(api, { spreadsheetId, sheetTitle: sheet.title, startRow: 3, rows: rowsOf(1) });
    const before = google.requests.length;
    expect(
      await prepareSheet(api, { spreadsheetId, sheet: grown, rowCount: 1, columnCount: 1, header: false }),
    ).toBe(grown);
    expect(google.requests).toHaveLength(before);
    expect(sheetOf(spreadsheetId)?.values).toHaveLength(3);
  });

  it("finds a sheet by name, ignoring case, quotes an apostrophe, and reports a missing sheet", async () => {
    const spreadsheetId = google.addSpreadsheet({ sheetTitle: "L'Étranger", rows: [["x"]] });
    const { sheet } = await getSheet(api, { spreadsheetId, sheetName: "l'étranger" });
    expect(sheet.title).toBe("L'Étranger");
    expect(await findLastRow(api, { spreadsheetId, sheet })).toBe(1);
    const missing = await getSheet(api, { spreadsheetId, sheetName: "Autre" }).catch(
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(GoogleApiError);
    expect(missing).toMatchObject({ kind: "not_found", reason: "SHEET_NOT_FOUND" });
  });
});
