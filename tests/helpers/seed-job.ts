import { env } from "cloudflare:test";
import { createDb } from "../../src/db/client";
import { jobs, type NewJob } from "../../src/db/schema";
import type { SourceSentence } from "../../src/engines/types";
import { chunkInputKey, putJson } from "../../src/jobs/storage";
import { trackerFor } from "../../src/jobs/tracker/client";
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
 * then deliver chunk messages themselves to exercise the consumer deterministically.
 */
export async function seedPreparedJob(userId: string, chunks: string[][], settings = {}) {
  const jobId = crypto.randomUUID();
  const now = new Date();
  await insertJobRow({ id: jobId, userId, settings: { ...SETTINGS_DEFAULTS, ...settings }, createdAt: now });
  const tracker = trackerFor(env, jobId);
  await tracker.init({
    jobId,
    userId,
    engine: "offline",
    model: null,
    cacheKey: null,
    createdAt: now.getTime(),
  });
  let index = 0;
  for (const [chunk, texts] of chunks.entries()) {
    const sentences: SourceSentence[] = texts.map((text) => ({ index: index++, text, page: 1 }));
    await putJson(env.PDF_BUCKET, chunkInputKey(jobId, chunk), { sentences });
  }
  await tracker.markPrepared(chunks.length, 1);
  await tracker.markDispatched();
  return { jobId, tracker };
}
