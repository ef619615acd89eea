import type { Job } from "../../db/schema";
import { allSentences, type NumberedSentence, resultLayout } from "./read-sentences";

export type ExportFormat = "json" | "csv" | "tsv";

const COLUMNS = ["index", "text", "page", "source_index", "fallback"] as const;

/** RFC 4180 quoting: a field holding the separator, a quote or a line break is quoted, quotes doubled. */
export function quoteField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function delimitedRow(sentence: NumberedSentence, separator: string): string {
  return COLUMNS.map((column) => quoteField(String(sentence[column]), separator)).join(separator);
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  tsv: "text/tab-separated-values; charset=utf-8",
};

/** `roman.pdf` → `roman-sentences.csv`, with an ASCII fallback and an RFC 5987 UTF-8 name. */
export function contentDisposition(filename: string, format: ExportFormat): string {
  const base = `${filename.replace(/\.pdf$/i, "") || "document"}-sentences.${format}`;
  const ascii = base
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

/** Streams a finished job's sentences as a file, reading one result chunk at a time. */
export function exportSentences(bucket: R2Bucket, job: Job, format: ExportFormat): Response {
  // Checked before answering: the generator below runs only once the 200 has been sent.
  resultLayout(job);
  const encoder = new TextEncoder();
  const separator = format === "tsv" ? "\t" : ",";
  const sentences = allSentences(bucket, job);
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // The BOM lets spreadsheet software read the accents of CSV/TSV as UTF-8.
      if (format === "json") controller.enqueue(encoder.encode("["));
      else controller.enqueue(encoder.encode(`\uFEFF${COLUMNS.join(separator)}\r\n`));
    },
    async pull(controller) {
      const next = await sentences.next();
      if (next.done) {
        if (format === "json") controller.enqueue(encoder.encode("]\n"));
        controller.close();
        return;
      }
      const line =
        format === "json"
          ? `${first ? "" : ","}\n${JSON.stringify(next.value)}`
          : `${delimitedRow(next.value, separator)}\r\n`;
      first = false;
      controller.enqueue(encoder.encode(line));
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": CONTENT_TYPES[format],
      "content-disposition": contentDisposition(job.filename, format),
    },
  });
}
