import type { SourceSentence } from "../../engines/types";
import { countWords } from "../../engines/words";
import type { PageRange } from "../tracker/chunk-records";

/**
 * Groups consecutive source sentences into chunks of about `maxWords` words. Cuts fall only between
 * sentences, so no sentence is split, duplicated or lost at a seam; a single sentence longer than the budget
 * forms a chunk of its own.
 */
export function chunkSentences(sentences: SourceSentence[], maxWords: number): SourceSentence[][] {
  const chunks: SourceSentence[][] = [];
  let current: SourceSentence[] = [];
  let words = 0;
  for (const sentence of sentences) {
    const size = countWords(sentence.text);
    if (current.length > 0 && words + size > maxWords) {
      chunks.push(current);
      current = [];
      words = 0;
    }
    current.push(sentence);
    words += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Room left in the source numbering for the sentences of one transcribed scanned page. */
export const SCANNED_PAGE_INDEX_SPAN = 10_000;

/**
 * The chunks of a document in reading order: text chunks, with one chunk per scanned page placed before the
 * first text chunk that starts after it. A scanned page's sentences are numbered past every text sentence,
 * in a block of their own, so chunks can be processed in any order without sharing a counter.
 */
export function planChunks(
  sentences: SourceSentence[],
  scannedPages: number[],
  maxWords: number,
): { sentences: SourceSentence[]; scannedPage?: number; firstSourceIndex?: number }[] {
  const textChunks = chunkSentences(sentences, maxWords).map((chunk) => ({ sentences: chunk }));
  const scanBase = sentences.length;
  const scanChunks = [...scannedPages]
    .sort((a, b) => a - b)
    .map((page, ordinal) => ({
      sentences: [],
      scannedPage: page,
      firstSourceIndex: scanBase + ordinal * SCANNED_PAGE_INDEX_SPAN,
    }));
  const planned: ReturnType<typeof planChunks> = [];
  let scan = 0;
  for (const chunk of textChunks) {
    const firstPage = chunk.sentences[0]?.page ?? 0;
    while (scan < scanChunks.length && (scanChunks[scan]?.scannedPage ?? 0) < firstPage)
      planned.push(scanChunks[scan++]!);
    planned.push(chunk);
  }
  planned.push(...scanChunks.slice(scan));
  return planned;
}

/** The first and last page a planned chunk covers (its sentences' pages, or its scanned page). */
export function pageRangeOf(chunk: { sentences: SourceSentence[]; scannedPage?: number }): PageRange {
  if (chunk.scannedPage !== undefined) return [chunk.scannedPage, chunk.scannedPage];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const { page } of chunk.sentences) {
    first = Math.min(first, page);
    last = Math.max(last, page);
  }
  return [Number.isFinite(first) ? first : last, last];
}
