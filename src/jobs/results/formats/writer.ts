import { DEFAULT_COLUMNS, type ExportColumn, type ExportRow } from "../columns";
import { ankiHeader, ankiLine } from "./anki";
import { delimitedHeader, delimitedLine } from "./delimited";

/** The sentence files a finished job can be downloaded as. */
export type FileFormat = "csv" | "tsv" | "anki" | "txt";

/** Everything a file needs beyond its rows: whose sentences they are, and the columns of CSV and TSV. */
export interface FileOptions {
  /** `id` is unique per book (the job's id), `title` is what a learner calls it (the PDF's name). */
  book: { id: string; title: string };
  columns?: readonly ExportColumn[];
}

/** How to write one format as a stream: its media type, file extension, first text and one text per row. */
export interface FileWriter {
  contentType: string;
  extension: string;
  head: string;
  line(row: ExportRow): string;
}

/** The writer of a format; the caller streams `head`, then `line(row)` for each row in order. */
export function fileWriter(format: FileFormat, options: FileOptions): FileWriter {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  switch (format) {
    case "csv":
    case "tsv": {
      const separator = format === "csv" ? "," : "\t";
      return {
        contentType:
          format === "csv" ? "text/csv; charset=utf-8" : "text/tab-separated-values; charset=utf-8",
        extension: format,
        head: delimitedHeader(columns, separator),
        line: (row) => delimitedLine(row, columns, separator),
      };
    }
    case "anki": {
      const anki = { tags: ["french-novel-tool", options.book.title], guidPrefix: options.book.id };
      // Anki's file picker lists .txt; the headers inside tell it the rest.
      return {
        contentType: "text/plain; charset=utf-8",
        extension: "txt",
        head: ankiHeader(anki),
        line: (row) => ankiLine(row, anki),
      };
    }
    case "txt":
      return {
        contentType: "text/plain; charset=utf-8",
        extension: "txt",
        head: "",
        // One sentence per line: a line break inside a sentence would split it in two.
        line: (row) => `${row.text.replace(/[\r\n]+/g, " ")}\n`,
      };
  }
}
