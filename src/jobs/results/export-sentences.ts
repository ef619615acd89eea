import type { Job } from "../../db/schema";
import { EXPORT_COLUMNS, type ExportColumn, type ExportRow } from "./columns";
import { type FileFormat, fileWriter } from "./formats/writer";
import { allSentences, type NumberedSentence, resultLayout } from "./read-sentences";

export type DownloadFormat = "json" | FileFormat;

/** A sentence as the file writers take it: the original beside it, and its chapter when the book has one. */
export function toExportRow(sentence: NumberedSentence): ExportRow {
  return {
    index: sentence.index,
    text: sentence.text,
    page: sentence.page,
    ...(sentence.source_text == null ? {} : { source_text: sentence.source_text }),
    chapter: sentence.chapter ?? null,
    fallback: sentence.fallback,
  };
}

/** `roman.pdf` → `roman-sentences.csv` (`roman-anki.txt` for Anki), with an ASCII fallback and an RFC 5987 name. */
export function contentDisposition(filename: string, format: DownloadFormat): string {
  const suffix = format === "anki" ? "anki.txt" : `sentences.${format}`;
  const base = `${filename.replace(/\.pdf$/i, "") || "document"}-${suffix}`;
  const ascii = base
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

/** How a stream writes a job's sentences: a first text, one text per sentence, a last text. */
interface SentenceWriter {
  contentType: string;
  head: string;
  line(sentence: NumberedSentence): string;
  tail: string;
}

/** A sentence file's writer (see `fileWriter`), taking the numbered sentences of a job. */
export function sentenceFileWriter(
  job: Job,
  format: FileFormat,
  columns: readonly ExportColumn[] = EXPORT_COLUMNS,
): SentenceWriter {
  const writer = fileWriter(format, {
    book: { id: job.id, title: job.filename.replace(/\.pdf$/i, "") },
    columns,
  });
  return { ...writer, line: (sentence) => writer.line(toExportRow(sentence)), tail: "" };
}

/** The writer of a download: a sentence file, or a JSON array of the sentences as the API shows them. */
function downloadWriter(job: Job, format: DownloadFormat): SentenceWriter {
  if (format !== "json") return sentenceFileWriter(job, format);
  let first = true;
  return {
    contentType: "application/json; charset=utf-8",
    head: "[",
    line: (sentence) => {
      const text = `${first ? "" : ","}\n${JSON.stringify(sentence)}`;
      first = false;
      return text;
    },
    tail: "]\n",
  };
}

/** A finished job's sentences, each with its original, as `writer` writes them, one result chunk at a time. */
export function sentenceStream(
  bucket: R2Bucket,
  job: Job,
  writer: SentenceWriter,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const sentences = allSentences(bucket, job, { source: true });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (writer.head) controller.enqueue(encoder.encode(writer.head));
    },
    async pull(controller) {
      const next = await sentences.next();
      if (next.done) {
        if (writer.tail) controller.enqueue(encoder.encode(writer.tail));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(writer.line(next.value)));
    },
  });
}

/** Streams a finished job's sentences, each with its original, as a file, reading one result chunk at a time. */
export function exportSentences(
  bucket: R2Bucket,
  job: Job,
  format: DownloadFormat,
  headers: Record<string, string> = {},
): Response {
  // Checked before answering: the generator below runs only once the 200 has been sent.
  resultLayout(job);
  const writer = downloadWriter(job, format);
  return new Response(sentenceStream(bucket, job, writer), {
    headers: {
      ...headers,
      "content-type": writer.contentType,
      "content-disposition": contentDisposition(job.filename, format),
    },
  });
}
