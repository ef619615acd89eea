import type { Job } from "../../db/schema";
import type { OutputSentence } from "../../engines/types";
import { ApiError } from "../../lib/errors";
import { type ChunkOutput, chunkResultKey, getJson } from "../storage";

export interface NumberedSentence {
  index: number;
  text: string;
  page: number;
  source_index: number;
  fallback: boolean;
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

const toWire = (sentence: OutputSentence, index: number): NumberedSentence => ({
  index,
  text: sentence.text,
  page: sentence.page,
  source_index: sentence.sourceIndex,
  fallback: sentence.fallback,
});

async function readChunk(bucket: R2Bucket, prefix: string, chunk: number): Promise<OutputSentence[]> {
  const output = await getJson<ChunkOutput>(bucket, chunkResultKey(prefix, chunk));
  if (!output) throw new Error(`result chunk ${chunk} missing under ${prefix}`);
  return output.sentences;
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
  cursor: string | undefined,
  limit: number,
) {
  const { prefix, counts } = resultLayout(job);
  const start = cursor ? decodeCursor(cursor) : 0;
  const sentences: NumberedSentence[] = [];
  let first = 0;
  for (let chunk = 0; chunk < counts.length && sentences.length < limit; chunk++) {
    const count = counts[chunk] ?? 0;
    const from = Math.max(start, first);
    if (from < first + count) {
      const chunkSentences = await readChunk(bucket, prefix, chunk);
      for (let i = from - first; i < count && sentences.length < limit; i++) {
        const sentence = chunkSentences[i];
        if (sentence) sentences.push(toWire(sentence, first + i));
      }
    }
    first += count;
  }
  const last = sentences.at(-1);
  const total = counts.reduce((sum, count) => sum + count, 0);
  return { sentences, next_cursor: last && last.index + 1 < total ? encodeCursor(last.index + 1) : null };
}

/** Every sentence of a finished job in order, one result chunk at a time. */
export async function* allSentences(bucket: R2Bucket, job: Job): AsyncGenerator<NumberedSentence> {
  const { prefix, counts } = resultLayout(job);
  let index = 0;
  for (let chunk = 0; chunk < counts.length; chunk++) {
    for (const sentence of await readChunk(bucket, prefix, chunk)) yield toWire(sentence, index++);
  }
}
