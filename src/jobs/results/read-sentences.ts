import type { Job } from "../../db/schema";
import type { OutputSentence } from "../../engines/types";
import { ApiError } from "../../lib/errors";
import { type ChunkOutput, chunkResultKey, getJson } from "../storage";

/** A sentence as the API shows it; `chapter` when the book has one, `source_text` when it was asked for. */
export interface NumberedSentence {
  index: number;
  text: string;
  page: number;
  source_index: number;
  fallback: boolean;
  chapter?: string;
  /** The original sentence (null only in results stored before originals were kept). */
  source_text?: string | null;
}

/** What a read includes beyond the sentence itself. */
export interface ReadOptions {
  /** Each sentence's original beside it. */
  source?: boolean;
}

/** Where a finished job's sentences are (the result prefix, the sentence count of each chunk), or 409. */
export function resultLayout(job: Job): { prefix: string; counts: number[] } {
  if (job.status !== "completed" || !job.resultPrefix || !job.chunkCounts) {
    throw new ApiError("CONFLICT", {
      detail: `The job is ${job.status}; sentences are available once it is completed.`,
    });
  }
  return { prefix: job.resultPrefix, counts: job.chunkCounts };
}

/** One chunk's sentences, ready to number: each knows its original when `source` was asked for. */
interface ChunkSentences {
  sentences: OutputSentence[];
  sourceOf: (sentence: OutputSentence) => string | null;
}

async function readChunk(bucket: R2Bucket, prefix: string, chunk: number): Promise<ChunkSentences> {
  const output = await getJson<ChunkOutput>(bucket, chunkResultKey(prefix, chunk));
  if (!output) throw new Error(`result chunk ${chunk} missing under ${prefix}`);
  const sources = new Map((output.sources ?? []).map((source) => [source.index, source.text]));
  return { sentences: output.sentences, sourceOf: (sentence) => sources.get(sentence.sourceIndex) ?? null };
}

function toWire(chunk: ChunkSentences, at: number, index: number, options: ReadOptions): NumberedSentence {
  const sentence = chunk.sentences[at]!;
  return {
    index,
    text: sentence.text,
    page: sentence.page,
    source_index: sentence.sourceIndex,
    fallback: sentence.fallback,
    ...(sentence.chapter === undefined ? {} : { chapter: sentence.chapter }),
    ...(options.source ? { source_text: chunk.sourceOf(sentence) } : {}),
  };
}

export const encodeCursor = (index: number) => btoa(`s:${index}`).replace(/=+$/, "");

function decodeCursor(cursor: string): number {
  try {
    const match = /^s:(\d{1,9})$/.exec(atob(cursor));
    if (match) return Number(match[1]);
  } catch {
    // fall through to the validation error
  }
  throw new ApiError("VALIDATION_FAILED", {
    detail: "The cursor is not one this API returned.",
    fields: [{ path: "cursor", message: "invalid cursor", code: "custom" }],
  });
}

/** One page of a finished job's sentences: reads only the result chunks that hold the page. */
export async function readSentencePage(
  bucket: R2Bucket,
  job: Job,
  page: { cursor: string | undefined; limit: number } & ReadOptions,
) {
  const { prefix, counts } = resultLayout(job);
  const start = page.cursor ? decodeCursor(page.cursor) : 0;
  const sentences: NumberedSentence[] = [];
  let first = 0;
  for (let chunk = 0; chunk < counts.length && sentences.length < page.limit; chunk++) {
    const count = counts[chunk] ?? 0;
    const from = Math.max(start, first);
    if (from < first + count) {
      const read = await readChunk(bucket, prefix, chunk);
      for (
        let i = from - first;
        i < count && i < read.sentences.length && sentences.length < page.limit;
        i++
      ) {
        sentences.push(toWire(read, i, first + i, page));
      }
    }
    first += count;
  }
  const last = sentences.at(-1);
  const total = counts.reduce((sum, count) => sum + count, 0);
  return { sentences, next_cursor: last && last.index + 1 < total ? encodeCursor(last.index + 1) : null };
}

/** Every sentence of a finished job in order, one result chunk at a time. */
export async function* allSentences(
  bucket: R2Bucket,
  job: Job,
  options: ReadOptions = {},
): AsyncGenerator<NumberedSentence> {
  const { prefix, counts } = resultLayout(job);
  let index = 0;
  for (let chunk = 0; chunk < counts.length; chunk++) {
    const read = await readChunk(bucket, prefix, chunk);
    for (let at = 0; at < read.sentences.length; at++) yield toWire(read, at, index++, options);
  }
}
