/** One sentence of a finished job as every export writes it. */
export interface ExportRow {
  index: number;
  text: string;
  page: number;
  /** The original sentence this one came from (the whole sentence when it was only split). */
  source_text?: string;
  chapter?: string | null;
  fallback: boolean;
}

/** The columns an export may hold. */
export const EXPORT_COLUMNS = ["index", "sentence", "source_text", "page", "chapter", "fallback"] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** The columns of an export that names none. */
export const DEFAULT_COLUMNS: readonly ExportColumn[] = ["sentence", "source_text", "page"];

/** A column's header as a learner reads it in a spreadsheet. */
export const COLUMN_LABELS: Record<ExportColumn, string> = {
  index: "#",
  sentence: "Sentence",
  source_text: "Original sentence",
  page: "Page",
  chapter: "Chapter",
  fallback: "Fallback",
};

/** A row's value in a column, typed as a spreadsheet should store it (numbers stay numbers). */
export function columnValue(row: ExportRow, column: ExportColumn): string | number | boolean {
  switch (column) {
    case "index":
      return row.index;
    case "sentence":
      return row.text;
    case "source_text":
      return row.source_text ?? "";
    case "page":
      return row.page;
    case "chapter":
      return row.chapter ?? "";
    case "fallback":
      return row.fallback;
  }
}
