import { env } from "cloudflare:test";
import { createDb } from "../../src/db/client";
import { jobs } from "../../src/db/schema";
import type { SourceSentence } from "../../src/engines/types";
import { pageRangeOf } from "../../src/jobs/steps/chunk-sentences";
import { chunkInputKey, putJson } from "../../src/jobs/storage";
import { trackerFor } from "../../src/jobs/tracker/client";
import { SETTINGS_DEFAULTS } from "../../src/settings/settings.schema";

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
  const now = new Date();
  await createDb(env.DB)
    .insert(jobs)
    .values({
      id: jobId,
      userId,
      filename: "seed.pdf",
      fileSize: 1,
      pdfSha256: "0".repeat(64),
      pdfKey: `pdfs/${userId}/seed.pdf`,
      settings: { ...SETTINGS_DEFAULTS, ...settings },
      engine: "offline",
      createdAt: now,
      updatedAt: now,
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
