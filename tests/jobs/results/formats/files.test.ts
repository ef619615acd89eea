import { describe, expect, it } from "vitest";
import {
  columnValue,
  EXPORT_COLUMNS,
  type ExportColumn,
  type ExportRow,
} from "../../../../src/jobs/results/columns";
import { type FileFormat, fileWriter } from "../../../../src/jobs/results/formats/writer";
import { parseDelimited } from "../../../helpers/delimited";

const BOOK = { id: "job-1234", title: "Le Petit Prince" };

const ROWS: ExportRow[] = [
  {
    index: 0,
    text: "Il pleut, dit-elle.",
    page: 1,
    source_text: "« Il pleut », dit-elle en riant.",
    fallback: false,
  },
  {
    index: 1,
    text: 'Le "chat" dort.',
    page: 1,
    source_text: 'Le "chat" dort, au soleil.',
    chapter: "I",
    fallback: false,
  },
  { index: 2, text: "=1+1", page: 2, source_text: '=HYPERLINK("http://evil.test")', fallback: true },
  { index: 3, text: "-x", page: 2, source_text: "+33 1 23 45 67 89", fallback: false },
  { index: 4, text: "— Bonjour !", page: 3, source_text: "– Salut, répondit-il.", fallback: false },
  { index: 5, text: "@maison\tlà-bas", page: 3, source_text: "Une ligne\r\net la suivante", fallback: false },
  {
    index: 6,
    text: "#1 en tête.",
    page: 4,
    source_text: "#1 en tête de la liste.",
    chapter: null,
    fallback: false,
  },
  { index: 7, text: "Oui.", page: 4, source_text: "Oui.", fallback: false },
  { index: 8, text: "Oui.", page: 5, fallback: false },
];

const write = (format: FileFormat, columns: readonly ExportColumn[] = EXPORT_COLUMNS) => {
  const writer = fileWriter(format, { book: BOOK, columns });
  return { writer, text: writer.head + ROWS.map((row) => writer.line(row)).join("") };
};

/** Undoes the neutralisation: a quote followed by a character a spreadsheet would evaluate. */
const restore = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

describe.each([
  ["csv", ","],
  ["tsv", "\t"],
] as const)("%s download", (format, separator) => {
  it("parses back to the rows, every column, in order", () => {
    const { text, writer } = write(format);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...records] = parseDelimited(text.slice(1), separator);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(records.map((record) => record.map(restore))).toEqual(
      ROWS.map((row) => EXPORT_COLUMNS.map((column) => String(columnValue(row, column)))),
    );
    expect(writer).toMatchObject({ extension: format });
  });

  it("neutralises cells a spreadsheet would evaluate, and leaves dialogue dashes alone", () => {
    const [, ...records] = parseDelimited(
      write(format, ["sentence", "source_text"]).text.slice(1),
      separator,
    );
    expect(records[2]).toEqual(["'=1+1", `'=HYPERLINK("http://evil.test")`]);
    expect(records[3]).toEqual(["'-x", "'+33 1 23 45 67 89"]);
    expect(records[4]).toEqual(["— Bonjour !", "– Salut, répondit-il."]);
    expect(records[5]?.[0]).toBe("'@maison\tlà-bas");
  });
});

describe("Anki download", () => {
  const { text, writer } = write("anki");
  const headerLines = text.split("\n").filter((line) => line.startsWith("#") && !line.startsWith("#1"));
  const headers = Object.fromEntries(
    headerLines.map((line) => [line.slice(1, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]),
  );
  const notes = parseDelimited(text, "\t", "#");

  it("declares its separator, plain text, the GUID column and the book's tags", () => {
    expect(headers).toMatchObject({
      separator: "tab",
      html: "false",
      notetype: "Basic",
      "guid column": "3",
      tags: "french-novel-tool Le_Petit_Prince",
    });
    expect(writer).toMatchObject({ extension: "txt", contentType: "text/plain; charset=utf-8" });
  });

  it("has one note per sentence: front the sentence, back the original and its page", () => {
    expect(notes).toHaveLength(ROWS.length);
    expect(notes.map(([front, back]) => [restore(front ?? ""), restore(back ?? "")])).toEqual(
      ROWS.map((row) => [
        row.text,
        row.source_text ? `${row.source_text} (p. ${row.page})` : `p. ${row.page}`,
      ]),
    );
  });

  it("gives each note its own GUID, so two identical sentences stay two notes", () => {
    const guids = notes.map((note) => note[2]);
    expect(guids).toEqual(ROWS.map((row) => `${BOOK.id}-${row.index}`));
    expect(new Set(guids).size).toBe(ROWS.length);
  });
});

describe("text download", () => {
  it("has one sentence per line", () => {
    const lines = write("txt").text.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toEqual(ROWS.map((row) => row.text));
  });

  it("keeps a sentence on one line even if it held a line break", () => {
    const writer = fileWriter("txt", { book: BOOK });
    expect(writer.line({ index: 0, text: "Une\r\nphrase.", page: 1, fallback: false })).toBe("Une phrase.\n");
  });
});
