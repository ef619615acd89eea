import { eq } from "drizzle-orm";
import type { Config } from "../../config";
import { createDb } from "../../db/client";
import { type Job, jobs } from "../../db/schema";
import { transcribeScannedPages } from "../../engines/gemini";
import { createOfflineEngine } from "../../engines/offline";
import type { SentenceSettings } from "../../engines/types";
import { JobError } from "../../lib/job-error";
import { type Settings, toSentenceSettings } from "../../settings/settings.schema";
import {
  type ChunkInput,
  type ChunkOutput,
  chunkInputKey,
  chunkResultKey,
  getJson,
  jobPrefix,
  putJsonOnce,
  scannedPageKey,
} from "../storage";
import { trackerFor } from "../tracker/client";
import { createEngine, geminiOptions } from "./select-engine";

/**
 * Turns one chunk into learner-sized sentences. Safe under at-least-once delivery, and when two deliveries of a
 * chunk run at once (a redelivery, a re-drive): the first result stored is the chunk's result, never overwritten,
 * and whichever delivery reports the chunk done reports that stored result's count, which the tracker records
 * once. A Gemini chunk may come out differently on each run; the stored sentences and the count still agree.
 */
export async function processChunk(env: Env, config: Config, jobId: string, chunk: number): Promise<void> {
  const tracker = trackerFor(env, jobId);
  if (!(await tracker.beginChunk(chunk))) return;
  const job = await createDb(env.DB).query.jobs.findFirst({ where: eq(jobs.id, jobId) });
  if (!job || job.deletedAt) return;
  const input = await getJson<ChunkInput>(env.PDF_BUCKET, chunkInputKey(jobId, chunk));
  if (!input) throw new JobError("INTERNAL_ERROR", `Chunk ${chunk} of the document is missing from storage.`);

  const settings = toSentenceSettings(job.settings as Settings);
  const choice = {
    engine: job.engine === "gemini" ? ("gemini" as const) : ("offline" as const),
    model: job.model,
  };
  const result =
    input.scannedPage === undefined
      ? {
          ...(await createEngine(env, config, choice).rewrite(input.sentences, settings)),
          sources: input.sentences.map(({ index, text }) => ({ index, text })),
        }
      : await transcribePage(env, config, job, input.scannedPage, input.firstSourceIndex ?? 0, settings);
  // Another delivery of this chunk may have finished meanwhile: nothing more to do.
  if (!(await tracker.wantsChunk(chunk))) return;
  const key = chunkResultKey(jobPrefix(jobId), chunk);
  const output: ChunkOutput = { sentences: result.sentences, sources: result.sources, stats: result.stats };
  const stored = (await putJsonOnce(env.PDF_BUCKET, key, output))
    ? output
    : await getJson<ChunkOutput>(env.PDF_BUCKET, key);
  // Written and gone at once (the job's results purged meanwhile): this delivery fails and is retried.
  if (!stored) throw new Error(`The result of chunk ${chunk} vanished as it was stored.`);
  await tracker.chunkDone(chunk, {
    count: stored.sentences.length,
    stats: stored.stats ?? result.stats,
    // What this delivery spent, whichever result is kept.
    usage: result.usage,
  });
}

/**
 * A scanned page, read and split by Gemini from its own one-page PDF (cut out by the prepare step). A page
 * Gemini could not read fails the chunk rather than leaving a silent gap in the book.
 */
async function transcribePage(
  env: Env,
  config: Config,
  job: Job,
  page: number,
  firstSourceIndex: number,
  settings: SentenceSettings,
) {
  const object = await env.PDF_BUCKET.get(scannedPageKey(job.id, page));
  if (!object) throw new JobError("INTERNAL_ERROR", `Scanned page ${page} is missing from storage.`);
  const result = await transcribeScannedPages(
    { ...geminiOptions(env, config, job.model), fallback: createOfflineEngine() },
    { pdf: new Uint8Array(await object.arrayBuffer()), pages: [1], settings, firstSourceIndex },
  );
  if (result.failedPages.length > 0) {
    throw new JobError(
      "CHUNK_FAILED",
      `Gemini could not read scanned page ${page} (blocked or unusable answers).`,
    );
  }
  return { ...result, sentences: result.sentences.map((sentence) => ({ ...sentence, page })) };
}
