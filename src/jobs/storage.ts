import type { OutputSentence, SentenceStats, SourceSentence } from "../engines/types";
import { ApiError } from "../lib/errors";

/** The R2 prefix of a user's PDFs. */
export const userPdfPrefix = (userId: string) => `pdfs/${userId}`;

/** Where a user's PDF lives: keyed by content hash, so the same file uploaded twice is stored once. */
export const pdfKey = (userId: string, sha256: string) => `${userPdfPrefix(userId)}/${sha256}.pdf`;

/** The R2 prefix of a job's chunk inputs and results. */
export const jobPrefix = (jobId: string) => `jobs/${jobId}`;

const pad = (n: number) => String(n).padStart(5, "0");

export const chunkInputKey = (jobId: string, chunk: number) =>
  `${jobPrefix(jobId)}/chunks/${pad(chunk)}.json`;
export const chunkResultKey = (prefix: string, chunk: number) => `${prefix}/results/${pad(chunk)}.json`;
/** One scanned page cut out as its own PDF, so its chunk never loads the whole document. */
export const scannedPageKey = (jobId: string, page: number) => `${jobPrefix(jobId)}/scans/${pad(page)}.pdf`;

/**
 * A chunk's input: source sentences, or (Gemini only) one scanned page to transcribe, whose sentences are
 * numbered from `firstSourceIndex`.
 */
export interface ChunkInput {
  sentences: SourceSentence[];
  scannedPage?: number;
  firstSourceIndex?: number;
}

/** A source sentence's text by its index, kept with the results so each sentence can show its original. */
export interface SourceText {
  index: number;
  text: string;
}

/**
 * A chunk's result: its output sentences, the source sentences they came from (`sources`; absent in results
 * stored before the originals were kept) and the sentences' statistics (absent in older results).
 */
export interface ChunkOutput {
  sentences: OutputSentence[];
  sources?: SourceText[];
  stats?: SentenceStats;
}

/** Writes a JSON object (idempotent: a redelivered message overwrites the same key with the same value). */
export async function putJson(bucket: R2Bucket, key: string, value: unknown): Promise<void> {
  await bucket.put(key, JSON.stringify(value), { httpMetadata: { contentType: "application/json" } });
}

/**
 * Writes a JSON object unless one is already stored at `key`; returns false, writing nothing, when one is. The
 * first write stays: a later writer reads what is stored instead.
 */
export async function putJsonOnce(bucket: R2Bucket, key: string, value: unknown): Promise<boolean> {
  const written = await bucket.put(key, JSON.stringify(value), {
    httpMetadata: { contentType: "application/json" },
    onlyIf: { etagDoesNotMatch: "*" },
  });
  return written !== null;
}

/** Reads a JSON object written by `putJson`, or null when absent. */
export async function getJson<T>(bucket: R2Bucket, key: string): Promise<T | null> {
  const object = await bucket.get(key);
  return object ? object.json<T>() : null;
}

/** Deletes every object under a prefix (R2 lists 1000 keys a page and deletes 1000 keys a call). */
export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: `${prefix}/`, ...(cursor ? { cursor } : {}) });
    const keys = page.objects.map((object) => object.key);
    if (keys.length > 0) await bucket.delete(keys);
    deleted += keys.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

/**
 * 409 when a job's PDF is no longer stored (removed PDF_RETENTION_DAYS after its last use): the job's
 * sentences stay readable, but nothing can be processed from it again.
 */
export async function requireStoredPdf(bucket: R2Bucket, key: string): Promise<void> {
  if (await bucket.head(key)) return;
  throw new ApiError("CONFLICT", {
    detail: "The PDF of this job is no longer stored; upload it again to process it.",
  });
}
