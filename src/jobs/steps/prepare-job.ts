import { eq } from "drizzle-orm";
import type { Config } from "../../config";
import { createDb } from "../../db/client";
import { type Job, type JobWarning, jobs } from "../../db/schema";
import { segmentSentences } from "../../engines/offline";
import type { EngineName } from "../../engines/types";
import { JobError } from "../../lib/job-error";
import { cleanDocument } from "../../pdf/clean-pages";
import { extractPages } from "../../pdf/extract-pages";
import { splitPages } from "../../pdf/split-pages";
import { type Settings, toSentenceSettings } from "../../settings/settings.schema";
import { reserveJobPages } from "../job-usage";
import { enqueueChunks } from "../queue/producer";
import { chunkInputKey, putJson, scannedPageKey } from "../storage";
import { trackerFor } from "../tracker/client";
import { isTerminal } from "../tracker/job-state";
import { pageRangeOf, planChunks } from "./chunk-sentences";
import { CHUNK_WORDS } from "./select-engine";

const PARALLEL_WRITES = 16;

/**
 * The first step of a job: reads the PDF from R2, extracts and cleans its text, segments it into numbered
 * source sentences, stores the chunks in R2 and fans one message per chunk out to the queue.
 * Safe to run twice: a redelivered message finds the chunks already dispatched and stops.
 */
export async function prepareJob(env: Env, config: Config, jobId: string): Promise<void> {
  const tracker = trackerFor(env, jobId);
  const state = await tracker.snapshot();
  if (!state || isTerminal(state.status) || state.dispatched) return;
  if (state.prepared) {
    // A redelivery after the chunks were stored but before they were all sent: only the sending is left.
    await dispatchChunks(env, tracker, jobId, state.chunksTotal);
    return;
  }
  const job = await createDb(env.DB).query.jobs.findFirst({ where: eq(jobs.id, jobId) });
  if (!job || job.deletedAt) return;

  const object = await env.PDF_BUCKET.get(job.pdfKey);
  if (!object) throw new JobError("PDF_CORRUPT", "The uploaded PDF is no longer stored; upload it again.");
  const bytes = new Uint8Array(await object.arrayBuffer());
  const { sentences, scannedPages, pageCount, preparation } = await readDocument(bytes, job, config);
  if (sentences.length === 0 && scannedPages.length === 0) {
    throw new JobError("NO_TEXT", "The PDF has no text to turn into sentences.");
  }
  // Reserved before any chunk is stored or queued: a job over the quota fails here and costs nothing.
  await reserveJobPages(env, config, job, pageCount, state.updatedAt);

  const chunks = planChunks(
    sentences,
    scannedPages,
    CHUNK_WORDS[job.engine as EngineName] ?? CHUNK_WORDS.offline,
  );
  if (scannedPages.length > 0) {
    await splitPages(bytes, scannedPages, (page, pdf) =>
      env.PDF_BUCKET.put(scannedPageKey(jobId, page), pdf, {
        httpMetadata: { contentType: "application/pdf" },
      }).then(() => undefined),
    );
  }
  for (let start = 0; start < chunks.length; start += PARALLEL_WRITES) {
    await Promise.all(
      chunks
        .slice(start, start + PARALLEL_WRITES)
        .map((chunk, offset) => putJson(env.PDF_BUCKET, chunkInputKey(jobId, start + offset), chunk)),
    );
  }

  const { proceed, dispatched } = await tracker.markPrepared(
    chunks.length,
    pageCount,
    preparation,
    chunks.map(pageRangeOf),
  );
  if (proceed && !dispatched) await dispatchChunks(env, tracker, jobId, chunks.length);
}

/**
 * Extracts, cleans and segments the PDF. Only Gemini reads scanned pages: for the offline engine a fully
 * scanned PDF fails SCANNED_PDF, and the scanned pages of a mixed one are skipped with a warning.
 */
async function readDocument(bytes: Uint8Array, job: Job, config: Config) {
  const gemini = job.engine === "gemini";
  const extracted = await extractPages(bytes, { maxPages: config.MAX_PDF_PAGES, allowScanned: gemini });
  const settings = toSentenceSettings(job.settings as Settings);
  const { pages, report } = cleanDocument(extracted.pages, { fixHyphenation: settings.fixHyphenation });
  const sentences = segmentSentences(pages, { extraAbbreviations: settings.extraAbbreviations });
  const skipped = gemini ? [] : extracted.scannedPages;
  const warnings = skipped.length > 0 && sentences.length > 0 ? [skippedPagesWarning(skipped)] : [];
  return {
    sentences,
    scannedPages: gemini ? extracted.scannedPages : [],
    pageCount: extracted.pageCount,
    preparation: { cleanup: report, warnings },
  };
}

function skippedPagesWarning(pages: number[]): JobWarning {
  return {
    code: "SCANNED_PAGES_SKIPPED",
    message: `Left out ${pages.length} scanned page(s) without text (${pages.join(", ")}): the offline engine cannot read them; the Gemini engine can.`,
    pages,
  };
}

async function dispatchChunks(
  env: Pick<Env, "JOB_QUEUE">,
  tracker: ReturnType<typeof trackerFor>,
  jobId: string,
  total: number,
) {
  await enqueueChunks(
    env,
    jobId,
    Array.from({ length: total }, (_, index) => index),
  );
  await tracker.markDispatched();
}
