import { env, runInDurableObject } from "cloudflare:test";
import { createDb } from "../../src/db/client";
import { jobs, type NewJob } from "../../src/db/schema";
import type { SourceSentence } from "../../src/engines/types";
import { pageRangeOf } from "../../src/jobs/steps/chunk-sentences";
import { chunkInputKey, putJson } from "../../src/jobs/storage";
import { trackerFor } from "../../src/jobs/tracker/client";
import type { JobState } from "../../src/jobs/tracker/job-state";
import { SETTINGS_DEFAULTS } from "../../src/settings/settings.schema";

/** Inserts a job's D1 row without an upload: an offline job of a placeholder PDF, created now unless told. */
export async function insertJobRow(values: Pick<NewJob, "id" | "userId"> & Partial<NewJob>) {
  const now = values.createdAt ?? new Date();
  await createDb(env.DB)
    .insert(jobs)
    .values({
      filename: "seed.pdf",
      fileSize: 1,
      pdfSha256: "0".repeat(64),
      pdfKey: `pdfs/${values.userId}/seed.pdf`,
      settings: {},
      engine: "offline",
      createdAt: now,
      updatedAt: now,
      ...values,
    });
}

/**
 * A job already cut into chunks (its inputs in R2, its tracker `processing`), with no message queued: tests
 * then deliver chunk messages themselves to exercise the consumer deterministically. Every sentence of chunk
 * `n` sits on page `pageOf(n)` (page 1 unless told).
 */
export async function seedPreparedJob(
  userId: string,
  chunks: string[][],
  settings = {},
  pageOf = (_chunk: number) => 1,
) {
  const jobId = crypto.randomUUID();
  const file = { filename: "seed.pdf", fileSize: 1, pdfKey: `pdfs/${userId}/seed.pdf` };
  const tracker = await createJob(jobId, userId, file, settings);
  let index = 0;
  const inputs = chunks.map((texts, chunk) => ({
    sentences: texts.map((text): SourceSentence => ({ index: index++, text, page: pageOf(chunk) })),
  }));
  for (const [chunk, input] of inputs.entries())
    await putJson(env.PDF_BUCKET, chunkInputKey(jobId, chunk), input);
  const pages = inputs.map(pageRangeOf);
  await tracker.markPrepared(chunks.length, Math.max(1, ...pages.map(([, last]) => last)), undefined, pages);
  await tracker.markDispatched();
  return { jobId, tracker };
}

/**
 * A job created (its PDF in R2, its row, its tracker `pending`) whose first message was lost: nothing is
 * queued, as after a restart of the local runtime.
 */
export async function seedUnpreparedJob(userId: string, pdf: Uint8Array) {
  const jobId = crypto.randomUUID();
  const pdfKey = `pdfs/${userId}/${jobId}.pdf`;
  await env.PDF_BUCKET.put(pdfKey, pdf);
  const tracker = await createJob(jobId, userId, { filename: "lost.pdf", fileSize: pdf.byteLength, pdfKey });
  return { jobId, tracker };
}

/** Inserts an offline job's row and starts its tracker (`pending`); returns the tracker. */
async function createJob(
  jobId: string,
  userId: string,
  file: { filename: string; fileSize: number; pdfKey: string },
  settings = {},
) {
  const now = new Date();
  await insertJobRow({
    id: jobId,
    userId,
    ...file,
    settings: { ...SETTINGS_DEFAULTS, ...settings },
    createdAt: now,
  });
  const tracker = trackerFor(env, jobId);
  await tracker.init({
    jobId,
    userId,
    engine: "offline",
    model: null,
    cacheKey: null,
    createdAt: now.getTime(),
  });
  return tracker;
}

/** Moves a tracker's last progress `ms` into the past, as if the job had been idle since. */
export function ageTracker(jobId: string, ms: number) {
  return runInDurableObject(trackerFor(env, jobId), (_, state) => {
    const live = state.storage.kv.get<JobState>("state");
    if (!live) throw new Error("tracker has no state");
    state.storage.kv.put("state", { ...live, updatedAt: live.updatedAt - ms });
  });
}
