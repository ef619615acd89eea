import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { JOB_MAX_DELIVERIES } from "../../../src/jobs/queue/messages";
import { chunkInputKey } from "../../../src/jobs/storage";
import { signIn } from "../../helpers/auth";
import { allSentences } from "../../helpers/jobs";
import { chunkMessage, deliver } from "../../helpers/queue";
import { seedPreparedJob } from "../../helpers/seed-job";

const CHUNKS = [
  ["Le soleil se levait sur la ville endormie.", "Les rues étaient encore vides."],
  ["Un chat traversa la place, puis disparut derrière la fontaine sans un bruit."],
];

describe("job queue consumer", () => {
  it("processes chunks once even when a message is delivered twice", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, CHUNKS);
    const first = await deliver("fnt-dev-jobs", [
      { body: chunkMessage(jobId, 0) },
      { body: chunkMessage(jobId, 0) },
    ]);
    expect(first.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect((await tracker.snapshot())?.chunksDone).toBe(1);
    await deliver("fnt-dev-jobs", [{ body: chunkMessage(jobId, 1) }]);
    await deliver("fnt-dev-jobs", [{ body: chunkMessage(jobId, 0) }, { body: chunkMessage(jobId, 1) }]);

    const state = await tracker.snapshot();
    expect(state).toMatchObject({ status: "completed", chunksDone: 2, sentenceCount: 4 });
    const sentences = await allSentences(user.accessToken, jobId);
    expect(sentences.map((s) => s.source_index)).toEqual([0, 1, 2, 2]);
    expect(new Set(sentences.map((s) => s.text)).size).toBe(sentences.length);
  });

  it("retries an unexpected failure with backoff, then fails the job with CHUNK_FAILED on the last delivery", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, CHUNKS);
    await env.PDF_BUCKET.put(chunkInputKey(jobId, 1), "{not json");

    const early = await deliver("fnt-dev-jobs", [{ body: chunkMessage(jobId, 1), attempts: 2 }]);
    expect(early.retryMessages).toHaveLength(1);
    expect(early.retryDelays[0]).toBeGreaterThanOrEqual(2);
    expect(early.retryDelays[0]).toBeLessThanOrEqual(4);
    expect((await tracker.snapshot())?.status).toBe("processing");

    const last = await deliver("fnt-dev-jobs", [
      { body: chunkMessage(jobId, 1), attempts: JOB_MAX_DELIVERIES },
    ]);
    expect(last.explicitAcks).toEqual(["m0"]);
    expect(await tracker.snapshot()).toMatchObject({
      status: "failed",
      chunksFailed: 1,
      error: { error_code: "CHUNK_FAILED", failed_step: "process" },
    });
  });

  it("the dead-letter consumer fails what exhausted its retries unrecorded", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, CHUNKS);
    const result = await deliver("fnt-dev-jobs-dlq", [{ body: chunkMessage(jobId, 0) }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(await tracker.snapshot()).toMatchObject({
      status: "failed",
      error: { error_code: "CHUNK_FAILED" },
    });
  });

  it("acknowledges malformed messages instead of retrying them forever", async () => {
    const result = await deliver("fnt-dev-jobs", [{ body: { type: "job.unknown" } }, { body: "garbage" }]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("discards chunks that arrive after a cancel", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, CHUNKS);
    await tracker.cancel();
    await deliver("fnt-dev-jobs", [{ body: chunkMessage(jobId, 0) }, { body: chunkMessage(jobId, 1) }]);
    expect(await tracker.snapshot()).toMatchObject({ status: "cancelled", chunksDone: 0, sentenceCount: 0 });
  });
});
