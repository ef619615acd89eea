import {
  createExecutionContext,
  createMessageBatch,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
  SELF,
} from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { jobs } from "../../src/db/schema";
import { JOB_MAX_DELIVERIES } from "../../src/jobs/queue/messages";
import { type ChunkOutput, chunkInputKey, chunkResultKey, jobPrefix, putJson } from "../../src/jobs/storage";
import { trackerFor } from "../../src/jobs/tracker/client";
import type { JobState } from "../../src/jobs/tracker/job-state";
import worker from "../../src/worker";
import { authHeaders, signIn } from "../helpers/auth";
import { API, allSentences, waitForJob } from "../helpers/jobs";
import { seedPreparedJob } from "../helpers/seed-job";

const CHUNKS = [["Première phrase du livre.", "Deuxième phrase."], ["Troisième phrase, la dernière."]];

function post(token: string, path: string) {
  return SELF.fetch(`${API}${path}`, { method: "POST", headers: authHeaders(token) });
}

async function deliverChunk(jobId: string, chunk: number, attempts = 1) {
  const batch = createMessageBatch("fnt-dev-jobs", [
    { id: "m", timestamp: new Date(), attempts, body: { type: "job.chunk", jobId, chunk } },
  ]);
  await worker.queue(batch, env, createExecutionContext());
}

describe("cancel and retry", () => {
  it("cancels a running job, refuses a second cancel, and a retry resumes it to completion", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    const cancelled = await post(user.accessToken, `/jobs/${jobId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled" });
    const again = await post(user.accessToken, `/jobs/${jobId}/cancel`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error_code: "CONFLICT" });

    const retried = await post(user.accessToken, `/jobs/${jobId}/retry`);
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({ status: "processing", error: null });
    const job = await waitForJob(user.accessToken, jobId);
    expect(job).toMatchObject({ status: "completed", sentence_count: 3 });
  });

  it("a retry reprocesses only the failed chunks, from storage", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    const goodInput = await (await env.PDF_BUCKET.get(chunkInputKey(jobId, 1)))!.text();
    await deliverChunk(jobId, 0);
    await env.PDF_BUCKET.put(chunkInputKey(jobId, 1), "{broken");
    await deliverChunk(jobId, 1, JOB_MAX_DELIVERIES);
    const failed = await waitForJob(user.accessToken, jobId);
    expect(failed).toMatchObject({ status: "failed", chunks: { total: 2, done: 1, failed: 1 } });

    await env.PDF_BUCKET.put(chunkInputKey(jobId, 1), goodInput);
    // Were chunk 0 processed again, its missing input would fail the job.
    await env.PDF_BUCKET.delete(chunkInputKey(jobId, 0));
    expect((await post(user.accessToken, `/jobs/${jobId}/retry`)).status).toBe(202);
    const job = await waitForJob(user.accessToken, jobId);
    expect(job).toMatchObject({
      status: "completed",
      chunks: { total: 2, done: 2, failed: 0 },
      sentence_count: 3,
    });
  });

  it("only failed or cancelled jobs can be retried", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    const response = await post(user.accessToken, `/jobs/${jobId}/retry`);
    expect(response.status).toBe(409);
  });
});

describe("two deliveries of one chunk", () => {
  // A re-drive resends a chunk still running, and a Gemini chunk may come out differently on each run. The run
  // that stores its result first is kept: another run that reports the chunk done reports that result.
  it("keeps the result stored first, and counts the chunk with it", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    const earlier: ChunkOutput = {
      sentences: [
        { text: "Première phrase", sourceIndex: 0, page: 1, fallback: false },
        { text: "du livre.", sourceIndex: 0, page: 1, fallback: false },
        { text: "Deuxième phrase.", sourceIndex: 1, page: 1, fallback: false },
        { text: "Encore une.", sourceIndex: 1, page: 1, fallback: false },
      ],
      sources: [
        { index: 0, text: "Première phrase du livre." },
        { index: 1, text: "Deuxième phrase." },
      ],
    };
    // The other run stored its four sentences and has not reported yet.
    await putJson(env.PDF_BUCKET, chunkResultKey(jobPrefix(jobId), 0), earlier);
    await deliverChunk(jobId, 0);
    await deliverChunk(jobId, 1);
    const job = await waitForJob(user.accessToken, jobId);
    expect(job).toMatchObject({ status: "completed", sentence_count: 5 });
    const sentences = await allSentences(user.accessToken, jobId);
    expect(sentences.map((sentence) => sentence.text)).toEqual([
      "Première phrase",
      "du livre.",
      "Deuxième phrase.",
      "Encore une.",
      "Troisième phrase, la dernière.",
    ]);
    const row = await createDb(env.DB).query.jobs.findFirst({ where: eq(jobs.id, jobId) });
    expect(row?.chunkCounts).toEqual([4, 1]);
  });
});

describe("the watchdog", () => {
  it("fails a job that made no progress for JOB_STALL_SECONDS, in the tracker and in history", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    const stub = trackerFor(env, jobId);
    await runInDurableObject(stub, (_instance, state) => {
      const current = state.storage.kv.get<JobState>("state")!;
      state.storage.kv.put("state", { ...current, updatedAt: Date.now() - 3600_000 });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const job = await waitForJob(user.accessToken, jobId);
    expect(job).toMatchObject({
      status: "failed",
      error: { error_code: "JOB_STALLED", failed_step: "watchdog" },
    });
    const row = await createDb(env.DB).query.jobs.findFirst({ where: eq(jobs.id, jobId) });
    expect(row).toMatchObject({ status: "failed", errorCode: "JOB_STALLED" });
  });

  it("leaves a job that is progressing alone", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    const stub = trackerFor(env, jobId);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.snapshot())?.status).toBe("processing");
  });
});

describe("GET /jobs/{id}/events", () => {
  async function readEvents(response: Response) {
    const text = await response.text();
    return text
      .split("\n\n")
      .filter((frame) => frame.startsWith("event: status"))
      .map(
        (frame) => JSON.parse(frame.split("\ndata: ")[1] ?? "null") as { status: string; progress: number },
      );
  }

  it("pushes each progress change and closes when the job ends", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    const response = await SELF.fetch(`${API}/jobs/${jobId}/events`, {
      headers: authHeaders(user.accessToken),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = readEvents(response);
    await deliverChunk(jobId, 0);
    await deliverChunk(jobId, 1);
    const received = await events;
    expect(received[0]).toMatchObject({ status: "processing", progress: 5 });
    expect(received.at(-1)).toMatchObject({ status: "completed", progress: 100 });
    const progress = received.map((event) => event.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(received.length).toBeGreaterThanOrEqual(3);
  });

  it("sends one final event for a job that has already ended", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS);
    await post(user.accessToken, `/jobs/${jobId}/cancel`);
    const response = await SELF.fetch(`${API}/jobs/${jobId}/events`, {
      headers: authHeaders(user.accessToken),
    });
    expect(await readEvents(response)).toEqual([expect.objectContaining({ status: "cancelled" })]);
  });
});
