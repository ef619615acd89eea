import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { settleJobUsage } from "../../src/jobs/job-usage";
import { prepareJob } from "../../src/jobs/steps/prepare-job";
import { trackerFor } from "../../src/jobs/tracker/client";
import { domainEventId } from "../../src/lib/domain-events";
import { authHeaders, signIn } from "../helpers/auth";
import { capturedJobQueue } from "../helpers/captured-queue";
import { uploadPdf, waitForJob } from "../helpers/jobs";
import { makeFrenchPdf } from "../helpers/pdf-fixtures";
import { chargeEarlierJob, ledgerOf, makeLongFrenchPdf, waitForLedger } from "../helpers/usage";
import { workerConfig } from "../helpers/worker-config";

const nextMonth = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};

/** An upload of `pdf` with form fields through a hand-driven queue, as the holder of `token`. */
const uploader =
  (queue: ReturnType<typeof capturedJobQueue>, token: string, pdf: Uint8Array) =>
  (fields: Record<string, string>) =>
    queue.call("/process-pdf", { method: "POST", headers: authHeaders(token), body: form(pdf, fields) });

function form(pdf: Uint8Array, fields: Record<string, string> = {}) {
  const body = new FormData();
  body.set("pdf_file", new File([pdf], "livre.pdf", { type: "application/pdf" }));
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return body;
}

/** A user, a job of `pages` pages uploaded through a hand-driven queue, and the job prepared (pages reserved). */
async function preparedJob(pages: number, overrides: Record<string, unknown> = {}) {
  const user = await signIn();
  const queue = capturedJobQueue(overrides);
  const response = await queue.call("/process-pdf", {
    method: "POST",
    headers: authHeaders(user.accessToken),
    body: form(await makeLongFrenchPdf(pages, crypto.randomUUID())),
  });
  expect(response.status).toBe(202);
  const { job_id: jobId } = await response.json<{ job_id: string }>();
  await queue.deliver((message) => message.type === "job.prepare");
  return { user, queue, jobId, tracker: trackerFor(env, jobId) };
}

describe("page quota: reservation at prepare, refunds, retries", () => {
  it("reserves the page count once prepared, before any chunk runs; a completed job keeps it", async () => {
    const { queue, jobId, tracker } = await preparedJob(3);
    const state = await tracker.snapshot();
    expect(state?.status).toBe("processing");
    expect(queue.sent.every((message) => message.type === "job.chunk")).toBe(true);
    expect(await ledgerOf(jobId)).toMatchObject([{ kind: "reservation", pages: 3, engine: "offline" }]);
    await queue.deliver();
    expect((await tracker.snapshot())?.status).toBe("completed");
    await settleJobUsage(
      {
        type: "job.finished",
        id: domainEventId("job.finished", jobId, 1),
        jobId,
        userId: "u",
        status: "completed",
        at: 1,
      },
      { env },
    );
    expect((await ledgerOf(jobId)).map((row) => row.pages)).toEqual([3]);
  });

  it("a prepare delivered again after a crash reserves once", async () => {
    const user = await signIn();
    const queue = capturedJobQueue();
    const response = await queue.call("/process-pdf", {
      method: "POST",
      headers: authHeaders(user.accessToken),
      body: form(await makeLongFrenchPdf(2, crypto.randomUUID())),
    });
    const { job_id: jobId } = await response.json<{ job_id: string }>();
    // The first delivery reserves, then fails writing its chunks; the redelivery does the whole step again.
    const failingBucket = new Proxy(env.PDF_BUCKET, {
      get: (target, name) =>
        name === "put"
          ? () => Promise.reject(new Error("R2 unavailable"))
          : Reflect.get(target, name, target).bind(target),
    });
    const config = workerConfig();
    await expect(
      prepareJob({ ...queue.bindings, PDF_BUCKET: failingBucket }, config, jobId),
    ).rejects.toThrow();
    expect(await ledgerOf(jobId)).toHaveLength(1);
    await prepareJob(queue.bindings, config, jobId);
    expect(await ledgerOf(jobId)).toMatchObject([{ kind: "reservation", pages: 2 }]);
    expect((await trackerFor(env, jobId).snapshot())?.prepared).toBe(true);
  });

  // Enough words for more than one offline chunk.
  const PAGES = 24;

  it("a job that fails half done refunds the pages it did not process, once; its retry charges them again", async () => {
    const { user, queue, jobId, tracker } = await preparedJob(PAGES);
    const state = await tracker.snapshot();
    expect(state?.chunksTotal).toBeGreaterThanOrEqual(2);
    const total = state?.chunksTotal ?? 0;
    await queue.deliver((message) => message.type === "job.chunk" && message.chunk === 0);
    const failed = await tracker.chunkFailed(1, {
      error_code: "CHUNK_FAILED",
      message: "failed in a test",
      failed_step: "process",
    });
    expect(failed.status).toBe("failed");
    const charged = Math.ceil((PAGES * 1) / total);
    const rows = await waitForLedger(jobId, 2);
    expect(rows.map((row) => [row.kind, row.pages])).toEqual([
      ["reservation", PAGES],
      ["refund", charged - PAGES],
    ]);
    // The same event handled again (a redelivery) refunds nothing more.
    const event = {
      type: "job.finished" as const,
      id: domainEventId("job.finished", jobId, failed.completedAt ?? 0),
      jobId,
      userId: user.userId,
      status: "failed" as const,
      at: failed.completedAt ?? 0,
    };
    await settleJobUsage(event, { env });
    expect(await ledgerOf(jobId)).toHaveLength(2);

    const retried = await queue.call(`/jobs/${jobId}/retry`, {
      method: "POST",
      headers: authHeaders(user.accessToken),
    });
    expect(retried.status).toBe(202);
    const afterRetry = await ledgerOf(jobId);
    expect(afterRetry.map((row) => row.pages).reduce((a, b) => a + b, 0)).toBe(PAGES);
    expect(afterRetry.at(-1)).toMatchObject({ kind: "reservation", pages: PAGES - charged });
  });

  it("a job cancelled before any chunk ran refunds everything", async () => {
    const { user, queue, jobId } = await preparedJob(4);
    const cancelled = await queue.call(`/jobs/${jobId}/cancel`, {
      method: "POST",
      headers: authHeaders(user.accessToken),
    });
    expect(cancelled.status).toBe(200);
    const rows = await waitForLedger(jobId, 2);
    expect(rows.map((row) => row.pages)).toEqual([4, -4]);
  });
});

describe("over the quota", () => {
  it("a job larger than what is left fails QUOTA_EXCEEDED with the reset date; nothing is charged", async () => {
    const user = await signIn();
    await chargeEarlierJob(user.userId, 499);
    const response = await uploadPdf(user.accessToken, await makeLongFrenchPdf(3, crypto.randomUUID()));
    expect(response.status).toBe(202);
    const { job_id } = await response.json<{ job_id: string }>();
    const job = await waitForJob(user.accessToken, job_id);
    expect(job.status).toBe("failed");
    expect(job.error?.error_code).toBe("QUOTA_EXCEEDED");
    expect(job.error?.message).toContain(
      "This PDF has 3 pages but 1 of the user plan's pages are left this month.",
    );
    expect(job.error?.message).toContain(`resets on ${nextMonth()}`);
    expect(await ledgerOf(job_id)).toEqual([]);
  });

  it("with the month used up, an upload is refused at once with 429 QUOTA_EXCEEDED and Retry-After", async () => {
    const user = await signIn();
    await chargeEarlierJob(user.userId, 500);
    const response = await uploadPdf(
      user.accessToken,
      await makeFrenchPdf({ pages: [[`Un ${crypto.randomUUID()}.`]] }),
    );
    expect(response.status).toBe(429);
    const body = await response.json<{ error_code: string; detail: string }>();
    expect(body.error_code).toBe("QUOTA_EXCEEDED");
    expect(body.detail).toContain(`resets on ${nextMonth()}`);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a cache hit costs nothing and is served even with the month used up", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({ pages: [[`Le livre ${crypto.randomUUID()} commence ici.`]] });
    const first = await uploadPdf(user.accessToken, pdf);
    const { job_id: firstId } = await first.json<{ job_id: string }>();
    expect((await waitForJob(user.accessToken, firstId)).status).toBe("completed");
    await chargeEarlierJob(user.userId, 500);
    const again = await uploadPdf(user.accessToken, pdf);
    expect(again.status).toBe(202);
    const { job_id: cachedId, status } = await again.json<{ job_id: string; status: string }>();
    expect(status).toBe("completed");
    expect(await ledgerOf(cachedId)).toEqual([]);
    expect(await ledgerOf(firstId)).toMatchObject([{ kind: "reservation", pages: 1 }]);
  });

  it("a PDF over the plan's max_pages_per_pdf fails PDF_TOO_MANY_PAGES naming the plan", async () => {
    const user = await signIn();
    const response = await uploadPdf(user.accessToken, await makeLongFrenchPdf(1, crypto.randomUUID()));
    const { job_id } = await response.json<{ job_id: string }>();
    expect((await waitForJob(user.accessToken, job_id)).status).toBe("completed");
    const many = capturedJobQueue({ PLANS: JSON.stringify({ user: { max_pages_per_pdf: 2 } }) });
    const upload = await many.call("/process-pdf", {
      method: "POST",
      headers: authHeaders(user.accessToken),
      body: form(await makeLongFrenchPdf(3, crypto.randomUUID())),
    });
    const { job_id: bigId } = await upload.json<{ job_id: string }>();
    await many.deliver();
    const state = await trackerFor(env, bigId).snapshot();
    expect(state?.error).toMatchObject({
      error_code: "PDF_TOO_MANY_PAGES",
      message: "This PDF has 3 pages; the user plan processes PDFs of at most 2 pages.",
    });
  });

  it("more jobs at once than the plan allows: 429 TOO_MANY_ACTIVE_JOBS", async () => {
    const user = await signIn();
    const queue = capturedJobQueue({ PLANS: JSON.stringify({ user: { max_concurrent_jobs: 1 } }) });
    const send = async () =>
      queue.call("/process-pdf", {
        method: "POST",
        headers: authHeaders(user.accessToken),
        body: form(await makeFrenchPdf({ pages: [[`Encore ${crypto.randomUUID()}.`]] })),
      });
    expect((await send()).status).toBe(202);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error_code: "TOO_MANY_ACTIVE_JOBS" });
  });
});

/** One small French PDF for uploads that never reach an engine. */
const SMALL_PDF = await makeFrenchPdf({ pages: [["Le soir tombait sur le port."]] });

describe("Gemini pages", () => {
  const gemini = { GEMINI_API_KEY: "test-key", GEMINI_BASE_URL: "https://gemini.test" };

  it("a plan without Gemini runs auto jobs offline and refuses engine=gemini with 403 PLAN_LIMIT", async () => {
    const user = await signIn();
    const queue = capturedJobQueue({
      ...gemini,
      PLANS: JSON.stringify({ user: { gemini_pages_per_month: 0 } }),
    });
    const upload = uploader(queue, user.accessToken, SMALL_PDF);
    const auto = await upload({ engine: "auto" });
    expect(auto.status).toBe(202);
    const { job_id } = await auto.json<{ job_id: string }>();
    expect(
      (await createDb(env.DB).query.jobs.findFirst({ where: (jobs, { eq }) => eq(jobs.id, job_id) }))?.engine,
    ).toBe("offline");
    const named = await upload({ engine: "gemini" });
    expect(named.status).toBe(403);
    expect(await named.json()).toMatchObject({ error_code: "PLAN_LIMIT" });
  });

  it("with the month's Gemini pages used, auto falls back to offline and engine=gemini is a 429", async () => {
    const user = await signIn();
    await chargeEarlierJob(user.userId, 50, "gemini");
    const queue = capturedJobQueue(gemini);
    const upload = uploader(queue, user.accessToken, SMALL_PDF);
    const auto = await upload({ engine: "auto" });
    expect(auto.status).toBe(202);
    const named = await upload({ engine: "gemini" });
    expect(named.status).toBe(429);
    expect(await named.json()).toMatchObject({ error_code: "QUOTA_EXCEEDED" });
  });
});
