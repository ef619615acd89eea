import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config";
import { runHousekeeping } from "../../src/cron/housekeeping";
import { jobs } from "../../src/db/schema";
import { purgeDeletedJobs, sweepStalledJobs } from "../../src/jobs/housekeeping";
import { trackerFor } from "../../src/jobs/tracker/client";
import { watchdogWindows } from "../../src/jobs/tracker/watchdog";
import { signIn } from "../helpers/auth";
import { call, completedJob, db, insertJob, postJson, runningJob } from "../helpers/history";
import { allSentences, getJob, waitForJob } from "../helpers/jobs";
import { ageTracker as ageTrackerBy, seedPreparedJob } from "../helpers/seed-job";

const DAY_MS = 24 * 60 * 60 * 1000;
const loaded = loadConfig(env);
if (!loaded.ok) throw new Error(`test configuration invalid: ${loaded.invalid.join(", ")}`);
const { HISTORY_RETENTION_DAYS, JOB_STALL_SECONDS, PDF_RETENTION_DAYS } = loaded.config;
const afterRetention = () => Date.now() + (HISTORY_RETENTION_DAYS + 1) * DAY_MS;
/** The deleted-history purge alone (the cron, that late, would also remove PDFs unused for PDF_RETENTION_DAYS). */
const purgeDeleted = () => purgeDeletedJobs(env, db, Date.now() + DAY_MS);

const row = (id: string) => db.query.jobs.findFirst({ where: eq(jobs.id, id) });
const objectsOf = async (id: string) =>
  (await env.PDF_BUCKET.list({ prefix: `jobs/${id}/` })).objects.map((object) => object.key);

async function remove(token: string, id: string) {
  expect((await call(token, `/history/${id}`, { method: "DELETE" })).status).toBe(204);
}

async function duplicate(token: string, id: string, body: unknown): Promise<string> {
  const response = await postJson(token, `/history/${id}/duplicate`, body);
  expect(response.status).toBe(202);
  return (await response.json<{ job_id: string }>()).job_id;
}

describe("purging deleted history", () => {
  it("removes the results and the row after the retention period, and the PDF once no job uses it", async () => {
    const user = await signIn();
    const first = await completedJob(user.accessToken);
    const pdfKey = (await row(first))?.pdfKey ?? "";
    const second = await duplicate(user.accessToken, first, { cache: false });
    expect((await waitForJob(user.accessToken, second)).status).toBe("completed");
    const expected = await allSentences(user.accessToken, first);
    await remove(user.accessToken, first);
    expect(await objectsOf(first)).not.toEqual([]);

    await runHousekeeping(env, Date.now() + DAY_MS);
    expect(await row(first)).toBeDefined();

    await purgeDeleted();
    expect(await row(first)).toBeUndefined();
    expect(await objectsOf(first)).toEqual([]);
    expect(await trackerFor(env, first).snapshot()).toBeNull();
    expect(await env.PDF_BUCKET.head(pdfKey)).not.toBeNull();
    expect(await allSentences(user.accessToken, second)).toEqual(expected);

    await remove(user.accessToken, second);
    await purgeDeleted();
    expect(await row(second)).toBeUndefined();
    expect(await objectsOf(second)).toEqual([]);
    expect(await env.PDF_BUCKET.head(pdfKey)).toBeNull();
  });

  it("keeps results that a job served from the cache still reads", async () => {
    const user = await signIn();
    const origin = await completedJob(user.accessToken);
    const cached = await duplicate(user.accessToken, origin, {});
    expect((await row(cached))?.resultPrefix).toBe(`jobs/${origin}`);
    const expected = await allSentences(user.accessToken, origin);
    await remove(user.accessToken, origin);
    await runHousekeeping(env, afterRetention());
    expect(await row(origin)).toBeUndefined();
    expect(await allSentences(user.accessToken, cached)).toEqual(expected);
  });

  it("withdraws a deleted job's result from the cache, so an identical job is processed again", async () => {
    const user = await signIn();
    const origin = await completedJob(user.accessToken);
    const keeper = await duplicate(user.accessToken, origin, { cache: false });
    await waitForJob(user.accessToken, keeper);
    await remove(user.accessToken, origin);
    const again = await duplicate(user.accessToken, keeper, {});
    expect(await row(again)).toMatchObject({ cached: false, resultPrefix: null });
    expect((await waitForJob(user.accessToken, again)).status).toBe("completed");
  });
});

describe("sweeping stalled jobs", () => {
  const stallMs = JOB_STALL_SECONDS * 1000;
  const ageRow = (id: string) =>
    db
      .update(jobs)
      .set({ updatedAt: new Date(Date.now() - stallMs - 60_000) })
      .where(eq(jobs.id, id));
  const windows = watchdogWindows(loaded.config);
  const ageTracker = (id: string) => ageTrackerBy(id, stallMs + 60_000);

  async function expectStalled(token: string, id: string) {
    const job = await getJob(token, id);
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ error_code: "JOB_STALLED", failed_step: "watchdog" });
    expect(await row(id)).toMatchObject({ status: "failed", errorCode: "JOB_STALLED" });
  }

  it("fails a processing job whose tracker is gone", async () => {
    const user = await signIn();
    const id = await insertJob(user.userId, { status: "processing" });
    await ageRow(id);
    expect(await sweepStalledJobs(env, db, windows)).toBeGreaterThanOrEqual(1);
    await expectStalled(user.accessToken, id);
  });

  it("fails a processing job whose tracker has been idle past the stall window", async () => {
    const user = await signIn();
    const id = await runningJob(user.userId);
    await ageTracker(id);
    await ageRow(id);
    await sweepStalledJobs(env, db, windows);
    await expectStalled(user.accessToken, id);
  });

  it("leaves a job whose tracker saw recent progress, even when its row looks old", async () => {
    const user = await signIn();
    const id = await runningJob(user.userId);
    await ageRow(id);
    await sweepStalledJobs(env, db, windows);
    expect((await getJob(user.accessToken, id)).status).toBe("processing");
  });

  it("re-drives a running job whose tracker lost its alarm, and the job completes", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, [["Le train partit à l'heure."], ["Il pleuvait."]]);
    await runInDurableObject(trackerFor(env, jobId), (_, state) => state.storage.deleteAlarm());
    const idleMs = windows.redriveMs + 1_000;
    await ageTrackerBy(jobId, idleMs);
    await db
      .update(jobs)
      .set({ updatedAt: new Date(Date.now() - idleMs) })
      .where(eq(jobs.id, jobId));

    await sweepStalledJobs(env, db, windows);
    expect(await waitForJob(user.accessToken, jobId)).toMatchObject({ status: "completed", redrives: 1 });
  });

  it("leaves a job without a tracker alone until the stall window has passed", async () => {
    const user = await signIn();
    const id = await insertJob(user.userId, {
      status: "processing",
      updatedAt: new Date(Date.now() - windows.redriveMs - 1_000),
    });
    await sweepStalledJobs(env, db, windows);
    expect(await row(id)).toMatchObject({ status: "processing", errorCode: null });
  });

  it("is also caught by the tracker's own alarm", async () => {
    const user = await signIn();
    const id = await runningJob(user.userId);
    await ageTracker(id);
    expect(await runDurableObjectAlarm(trackerFor(env, id))).toBe(true);
    await expectStalled(user.accessToken, id);
  });
});

describe("removing unused PDFs", () => {
  const afterPdfRetention = () => Date.now() + (PDF_RETENTION_DAYS + 1) * DAY_MS;

  it("removes a PDF unused for PDF_RETENTION_DAYS and keeps the sentences; the cron says so in one line", async () => {
    const user = await signIn();
    const id = await completedJob(user.accessToken);
    const pdfKey = (await row(id))?.pdfKey ?? "";
    const expected = await allSentences(user.accessToken, id);
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    await runHousekeeping(env, afterPdfRetention());
    spy.mockRestore();
    expect(await env.PDF_BUCKET.head(pdfKey)).toBeNull();
    expect((await row(id))?.pdfPurgedAt).toBeInstanceOf(Date);
    expect(await allSentences(user.accessToken, id)).toEqual(expected);
    const again = await postJson(user.accessToken, `/history/${id}/duplicate`, {});
    expect(again.status).toBe(409);
    const runs = lines.map((line) => JSON.parse(line)).filter((line) => line.message === "housekeeping run");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ failed: [] });
    // Earlier tests of this file left PDFs too: at least this one went.
    expect(runs[0].removed.purge_unused_pdfs).toBeGreaterThanOrEqual(1);
  });

  it("keeps a PDF that a pending or processing job still needs", async () => {
    const user = await signIn();
    const id = await runningJob(user.userId);
    const pdfKey = (await row(id))?.pdfKey ?? "";
    await env.PDF_BUCKET.put(pdfKey, "%PDF-1.7");
    await db
      .update(jobs)
      .set({ createdAt: new Date(Date.now() - 2 * DAY_MS) })
      .where(eq(jobs.id, id));
    await runHousekeeping(env, afterPdfRetention());
    expect(await env.PDF_BUCKET.head(pdfKey)).not.toBeNull();
    expect((await row(id))?.pdfPurgedAt).toBeNull();
  });
});
