import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { createDb } from "../../../src/db/client";
import { jobs } from "../../../src/db/schema";
import type { JobMessage } from "../../../src/jobs/queue/messages";
import { chunkResultKey, jobPrefix } from "../../../src/jobs/storage";
import { ChunkRecords } from "../../../src/jobs/tracker/chunk-records";
import { trackerFor } from "../../../src/jobs/tracker/client";
import type { JobState } from "../../../src/jobs/tracker/job-state";
import { resendUnfinishedWork } from "../../../src/jobs/tracker/redrive";
import { MAX_REDRIVES, watchdogWindows } from "../../../src/jobs/tracker/watchdog";
import worker from "../../../src/worker";
import { signIn } from "../../helpers/auth";
import { seededPdf } from "../../helpers/history";
import { allSentences, getJob, waitForJob } from "../../helpers/jobs";
import { ageTracker, seedPreparedJob, seedUnpreparedJob } from "../../helpers/seed-job";
import { workerConfig } from "../../helpers/worker-config";

const CHUNKS = [
  ["Le soleil se levait sur la ville endormie.", "Les rues étaient encore vides."],
  ["Un chat traversa la place, puis disparut derrière la fontaine sans un bruit."],
  ["La boulangère ouvrit sa boutique.", "Une odeur de pain chaud se répandit dans la rue."],
];
const SOURCE_SENTENCES = CHUNKS.flat().length;
const { redriveMs, stallMs } = watchdogWindows(workerConfig());
/** Just past the re-drive window, well inside the stall window. */
const IDLE_MS = redriveMs + 1_000;

const row = (jobId: string) => createDb(env.DB).query.jobs.findFirst({ where: eq(jobs.id, jobId) });
const stateOf = (jobId: string) =>
  runInDurableObject(trackerFor(env, jobId), (_, state) => state.storage.kv.get<JobState>("state"));
const alarmOf = (jobId: string) =>
  runInDurableObject(trackerFor(env, jobId), (_, state) => state.storage.getAlarm());

/** Delivers chunk messages straight to the worker's queue handler, as the queue would. */
async function deliverChunks(jobId: string, chunks: number[]) {
  const batch = createMessageBatch(
    "fnt-dev-jobs",
    chunks.map((chunk, i) => ({
      id: `original-${i}`,
      timestamp: new Date(),
      attempts: 1,
      body: { type: "job.chunk", jobId, chunk } satisfies JobMessage,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

/** Every sentence exactly once: indexes 0..n-1, each source sentence covered, no text repeated. */
function expectEachSentenceOnce(sentences: { index: number; text: string; source_index: number }[]) {
  expect(sentences.map((sentence) => sentence.index)).toEqual(sentences.map((_, i) => i));
  expect(new Set(sentences.map((sentence) => sentence.source_index))).toEqual(
    new Set(Array.from({ length: SOURCE_SENTENCES }, (_, i) => i)),
  );
  expect(new Set(sentences.map((sentence) => sentence.text)).size).toBe(sentences.length);
}

describe("re-drive of a job that makes no progress", () => {
  it("sends the lost chunk messages again from the tracker's alarm, and the job completes", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    await ageTracker(jobId, IDLE_MS);

    expect(await runDurableObjectAlarm(trackerFor(env, jobId))).toBe(true);
    const job = await waitForJob(user.accessToken, jobId);

    expect(job, JSON.stringify(job)).toMatchObject({
      status: "completed",
      redrives: 1,
      chunks: { total: 3, done: 3, failed: 0 },
    });
    expect(await row(jobId)).toMatchObject({ status: "completed", redrives: 1 });
    expectEachSentenceOnce(await allSentences(user.accessToken, jobId));
  });

  it("sends the first step again when the PDF was never cut into chunks", async () => {
    const user = await signIn();
    const { jobId } = await seedUnpreparedJob(user.userId, await seededPdf(crypto.randomUUID()));
    await ageTracker(jobId, IDLE_MS);

    await runDurableObjectAlarm(trackerFor(env, jobId));
    const job = await waitForJob(user.accessToken, jobId);

    expect(job).toMatchObject({ status: "completed", redrives: 1 });
    expect(job.sentence_count).toBeGreaterThan(0);
  });

  it("re-sends only the chunks that are not done", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    await deliverChunks(jobId, [1]);
    const queue = {
      send: vi.fn(async (_body: JobMessage) => {}),
      sendBatch: vi.fn(async (_batch: MessageSendRequest<JobMessage>[]) => {}),
    };

    const sent = await runInDurableObject(trackerFor(env, jobId), async (_, state) => {
      const live = state.storage.kv.get<JobState>("state");
      if (!live) throw new Error("tracker has no state");
      return resendUnfinishedWork(
        { JOB_QUEUE: queue as unknown as Queue },
        live,
        new ChunkRecords(state.storage.kv),
      );
    });

    expect(sent).toEqual({ ok: true, chunks: true });
    expect(queue.send).not.toHaveBeenCalled();
    const bodies = queue.sendBatch.mock.calls.flatMap(([batch]) => batch.map((message) => message.body));
    expect(bodies).toEqual([
      { type: "job.chunk", jobId, chunk: 0 },
      { type: "job.chunk", jobId, chunk: 2 },
    ]);
  });

  it("counts each chunk once when the original messages and the re-driven ones both arrive", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    await ageTracker(jobId, IDLE_MS);

    // The re-drive queues every chunk for the real consumer while the delayed originals are delivered too.
    await Promise.all([runDurableObjectAlarm(trackerFor(env, jobId)), deliverChunks(jobId, [0, 1, 2, 0])]);
    const job = await waitForJob(user.accessToken, jobId);
    await deliverChunks(jobId, [2, 1]);

    const sentences = await allSentences(user.accessToken, jobId);
    expect(await getJob(user.accessToken, jobId)).toMatchObject({
      status: "completed",
      redrives: 1,
      chunks: { total: 3, done: 3, failed: 0 },
      sentence_count: sentences.length,
    });
    expect(job.sentence_count).toBe(sentences.length);
    expectEachSentenceOnce(sentences);
    const results = await env.PDF_BUCKET.list({ prefix: `${jobPrefix(jobId)}/results/` });
    expect(results.objects.map((object) => object.key)).toEqual(
      [0, 1, 2].map((chunk) => chunkResultKey(jobPrefix(jobId), chunk)),
    );
  });

  it("stops re-driving after MAX_REDRIVES without progress, and the watchdog then fails the job", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS.slice(0, 1));
    // Work that never completes: a chunk step finds no live history row and stops without a word.
    await createDb(env.DB).update(jobs).set({ deletedAt: new Date() }).where(eq(jobs.id, jobId));
    await runInDurableObject(trackerFor(env, jobId), async (_, state) => {
      const live = state.storage.kv.get<JobState>("state");
      if (!live) throw new Error("tracker has no state");
      const idleSince = Date.now() - IDLE_MS;
      state.storage.kv.put("state", {
        ...live,
        updatedAt: idleSince,
        redriveStreak: { count: MAX_REDRIVES - 1, at: idleSince + 1, nextAt: idleSince + 2 },
      });
    });

    await runDurableObjectAlarm(trackerFor(env, jobId));
    const after = await stateOf(jobId);
    expect(after?.redriveStreak?.count).toBe(MAX_REDRIVES);
    // The re-drives are used up: the next alarm is the stall deadline, which fails the job.
    expect(await alarmOf(jobId)).toBe((after?.updatedAt ?? 0) + stallMs);
    await ageTracker(jobId, stallMs);
    await runDurableObjectAlarm(trackerFor(env, jobId));
    expect(await stateOf(jobId)).toMatchObject({
      status: "failed",
      error: { error_code: "JOB_STALLED" },
      redriveStreak: { count: MAX_REDRIVES },
    });
  });

  it("sets the alarm for the re-drive window while a job runs, and clears it once the job ends", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, CHUNKS.slice(0, 1));
    const state = await stateOf(jobId);
    expect(await alarmOf(jobId)).toBe((state?.updatedAt ?? 0) + Math.min(redriveMs, stallMs));
    await tracker.cancel();
    expect(await alarmOf(jobId)).toBeNull();
  });
});
