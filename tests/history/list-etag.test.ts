import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { jobs } from "../../src/db/schema";
import { sweepStalledJobs } from "../../src/jobs/housekeeping";
import { watchdogWindows } from "../../src/jobs/tracker/watchdog";
import { callApp } from "../helpers/app";
import { authHeaders, signIn } from "../helpers/auth";
import { call, db, insertJob, seededPdf } from "../helpers/history";
import { uploadPdf, waitForJob } from "../helpers/jobs";

/** A HISTORY_VERSION binding whose object cannot be reached. */
const unreachable = {
  idFromName: (name: string) => env.HISTORY_VERSION.idFromName(name),
  get: () => ({
    current: () => Promise.reject(new Error("Durable Object unreachable")),
    bump: () => Promise.reject(new Error("Durable Object unreachable")),
  }),
};

interface Page {
  items: { job_id: string; status: string }[];
}

/** `GET /history` as a user, sending back a tag when given. */
function list(token: string, etag?: string | null, query = ""): Promise<Response> {
  return call(token, `/history${query}`, etag ? { headers: { "if-none-match": etag } } : {});
}

/** A 200 page and its ETag. */
async function fresh(token: string, etag?: string | null, query = ""): Promise<{ page: Page; etag: string }> {
  const response = await list(token, etag, query);
  expect(response.status).toBe(200);
  const tag = response.headers.get("etag");
  expect(tag).toMatch(/^W\/"[0-9a-f]{32}"$/);
  return { page: await response.json<Page>(), etag: tag ?? "" };
}

describe("GET /api/v1/history with If-None-Match", () => {
  it("answers 304 without a body while nothing changed, with the headers of a 200", async () => {
    const user = await signIn();
    await insertJob(user.userId);
    const first = await list(user.accessToken);
    const { etag } = await fresh(user.accessToken);

    const unchanged = await list(user.accessToken, etag);
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");
    expect(unchanged.headers.get("etag")).toBe(etag);
    for (const name of ["cache-control", "pragma", "content-security-policy"]) {
      expect(unchanged.headers.get(name)).toBe(first.headers.get(name));
    }
    expect(unchanged.headers.get("cache-control")).toBe("private, no-store");
    expect(unchanged.headers.has("ratelimit")).toBe(first.headers.has("ratelimit"));

    // A list of tags, the strong form of the tag, and `*` match too (weak comparison, RFC 9110).
    for (const header of [`"other", ${etag}`, etag.slice(2), "*"]) {
      expect((await list(user.accessToken, header)).status).toBe(304);
    }
    expect((await list(user.accessToken, 'W/"0123456789abcdef0123456789abcdef"')).status).toBe(200);
  });

  it("gives each query string its own tag", async () => {
    const user = await signIn();
    const { etag } = await fresh(user.accessToken);
    const other = await list(user.accessToken, etag, "?limit=5");
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).not.toBe(etag);
    expect((await list(user.accessToken, other.headers.get("etag"), "?limit=5")).status).toBe(304);
  });

  it("shows an upload at once, then its progress to the end", async () => {
    const user = await signIn();
    const before = await fresh(user.accessToken);
    expect(before.page.items).toEqual([]);

    const upload = await uploadPdf(user.accessToken, await seededPdf(crypto.randomUUID()));
    const { job_id } = await upload.json<{ job_id: string }>();
    const created = await fresh(user.accessToken, before.etag);
    expect(created.page.items.map((item) => item.job_id)).toEqual([job_id]);

    await waitForJob(user.accessToken, job_id);
    const ended = await fresh(user.accessToken, created.etag);
    expect(ended.page.items[0]?.status).toBe("completed");
  });

  it("drops a deleted entry at once", async () => {
    const user = await signIn();
    const id = await insertJob(user.userId);
    const { etag } = await fresh(user.accessToken);
    expect((await call(user.accessToken, `/history/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await fresh(user.accessToken, etag)).page.items).toEqual([]);
  });

  it("shows a job the cron failed as stalled", async () => {
    const user = await signIn();
    const loaded = loadConfig(env);
    if (!loaded.ok) throw new Error("test configuration invalid");
    const windows = watchdogWindows(loaded.config);
    const id = await insertJob(user.userId, { status: "processing" });
    const longAgo = new Date(Date.now() - windows.stallMs - 60_000);
    await db.update(jobs).set({ updatedAt: longAgo }).where(eq(jobs.id, id));
    const { etag } = await fresh(user.accessToken);

    await sweepStalledJobs(env, db, windows);
    expect((await fresh(user.accessToken, etag)).page.items[0]?.status).toBe("failed");
  });

  it("never answers 304 to another user's tag", async () => {
    const marie = await signIn();
    const paul = await signIn();
    const { etag } = await fresh(marie.accessToken);
    // Both histories are empty: the same content, and still not the same page.
    const response = await list(paul.accessToken, etag);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).not.toBe(etag);
  });

  it("still answers with the page, without a tag, when the history version cannot be read", async () => {
    const user = await signIn();
    const id = await insertJob(user.userId);
    const { etag } = await fresh(user.accessToken);
    const response = await callApp(
      "/api/v1/history",
      { headers: { ...authHeaders(user.accessToken), "if-none-match": etag } },
      { HISTORY_VERSION: unreachable },
    );
    expect(response.status).toBe(200);
    expect(response.headers.has("etag")).toBe(false);
    expect((await response.json<Page>()).items.map((item) => item.job_id)).toEqual([id]);
  });

  it("accepts an upload when the history version cannot be bumped", async () => {
    const user = await signIn();
    const form = new FormData();
    const pdf = await seededPdf(crypto.randomUUID());
    form.set("pdf_file", new File([pdf], "roman.pdf", { type: "application/pdf" }));
    const upload = await callApp(
      "/api/v1/process-pdf",
      { method: "POST", headers: authHeaders(user.accessToken), body: form },
      { HISTORY_VERSION: unreachable },
    );
    expect(upload.status).toBe(202);
    const { job_id } = await upload.json<{ job_id: string }>();
    expect((await fresh(user.accessToken)).page.items.map((item) => item.job_id)).toEqual([job_id]);
    expect((await waitForJob(user.accessToken, job_id)).status).toBe("completed");
  });
});
