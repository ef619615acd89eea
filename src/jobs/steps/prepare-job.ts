import { eq } from "drizzle-orm";
import type { Config } from "../../config";
import { createDb } from "../../db/client";
import { jobs } from "../../db/schema";
import { segmentSentences } from "../../engines/offline";
import type { EngineName } from "../../engines/types";
import { JobError } from "../../lib/job-error";
import { cleanPages } from "../../pdf/clean-pages";
import { extractPages } from "../../pdf/extract-pages";
import { splitPages } from "../../pdf/split-pages";
import { reserveJobPages } from "../job-usage";
import { enqueueChunks } from "../queue/producer";
import { chunkInputKey, putJson, scannedPageKey } from "../storage";
import { trackerFor } from "../tracker/client";
import { isTerminal } from "../tracker/job-state";
import { planChunks } from "./chunk-sentences";
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
  // Only Gemini can read scanned pages; for the offline engine a fully scanned PDF fails SCANNED_PDF.
  const extracted = await extractPages(bytes, {
    maxPages: config.MAX_PDF_PAGES,
    allowScanned: job.engine === "gemini",
  });
  await reserveJobPages(env, config, job, extracted.pageCount, state.updatedAt);
  const settings = job.settings as { fix_hyphenation?: boolean };
  const pages = cleanPages(extracted.pages, { fixHyphenation: settings.fix_hyphenation !== false });
  const sentences = segmentSentences(pages);
  const scannedPages = job.engine === "gemini" ? extracted.scannedPages : [];
  if (sentences.length === 0 && scannedPages.length === 0) {
    throw new JobError("NO_TEXT", "The PDF has no text to turn into sentences.");
  }

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

  const { proceed, dispatched } = await tracker.markPrepared(chunks.length, extracted.pageCount);
  if (proceed && !dispatched) await dispatchChunks(env, tracker, jobId, chunks.length);
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
