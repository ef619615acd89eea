import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs } from "../../src/db/schema";
import { trackerFor } from "../../src/jobs/tracker/client";
import { signIn } from "../helpers/auth";
import { call, completedJob, db, insertJob, postJson, runningJob } from "../helpers/history";

const jobRoutes = (id: string): [string, RequestInit][] => [
  [`/jobs/${id}`, {}],
  [`/jobs/${id}/sentences`, {}],
  [`/jobs/${id}/download?format=csv`, {}],
  [`/jobs/${id}/events`, {}],
  [`/jobs/${id}/cancel`, { method: "POST" }],
  [`/jobs/${id}/retry`, { method: "POST" }],
];

const historyRoutes = (id: string): [string, RequestInit][] => [
  [`/history/${id}`, {}],
  [`/history/${id}`, { method: "DELETE" }],
  [`/history/${id}/duplicate`, { method: "POST" }],
];

describe("GET /api/v1/history/{id}", () => {
  it("shows a completed entry in full, with export links that work", async () => {
    const user = await signIn();
    const id = await completedJob(user.accessToken);
    const response = await call(user.accessToken, `/history/${id}`);
    expect(response.status).toBe(200);
    const entry = await response.json<Record<string, unknown> & { exports: Record<string, string> }>();
    expect(entry).toMatchObject({
      job_id: id,
      status: "completed",
      progress: 100,
      filename: "roman.pdf",
      page_count: 1,
      engine: "offline",
      settings: { sentence_length_limit: 8, engine: "auto" },
      stats: { over_limit: 0 },
      usage: { calls: 0 },
      error: null,
      cached: false,
    });
    expect(Number(entry.sentence_count)).toBeGreaterThan(1);
    for (const field of ["created_at", "started_at", "completed_at"]) {
      expect(new Date(String(entry[field])).toISOString()).toBe(entry[field]);
    }
    expect(Object.keys(entry.exports)).toEqual(["sentences", "json", "csv", "tsv", "anki", "txt"]);
    for (const [format, link] of Object.entries(entry.exports)) {
      const exported = await call(user.accessToken, link.replace("/api/v1", ""));
      expect(exported.status, format).toBe(200);
    }
    const csv = await call(user.accessToken, entry.exports.csv?.replace("/api/v1", "") ?? "");
    expect(csv.headers.get("content-type")).toContain("text/csv");
  });

  it("shows the live state of a running entry, without export links", async () => {
    const user = await signIn();
    const id = await runningJob(user.userId);
    const entry = await (await call(user.accessToken, `/history/${id}`)).json<Record<string, unknown>>();
    expect(entry).toMatchObject({ status: "processing", page_count: 2, chunks: { total: 3 }, exports: null });
  });

  it("answers 404 for an unknown id and 422 for a malformed one", async () => {
    const user = await signIn();
    expect((await call(user.accessToken, `/history/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await call(user.accessToken, "/history/not-a-uuid")).status).toBe(422);
  });
});

describe("another user's job", () => {
  it("answers 404 on every history and job route, and changes nothing", async () => {
    const owner = await signIn();
    const stranger = await signIn();
    const id = await runningJob(owner.userId);
    for (const [path, init] of [...historyRoutes(id), ...jobRoutes(id)]) {
      const response = await call(stranger.accessToken, path, init);
      expect(response.status, `${init.method ?? "GET"} ${path}`).toBe(404);
      expect(await response.json()).toMatchObject({ error_code: "NOT_FOUND", detail: `No job ${id}.` });
    }
    const entry = await (await call(owner.accessToken, `/history/${id}`)).json<{ status: string }>();
    expect(entry.status).toBe("processing");
  });
});

describe("DELETE /api/v1/history/{id}", () => {
  it("hides a completed entry from the list and every job and history route", async () => {
    const user = await signIn();
    const id = await completedJob(user.accessToken);
    const kept = await insertJob(user.userId);
    const deleted = await call(user.accessToken, `/history/${id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");

    const list = await (await call(user.accessToken, "/history")).json<{ items: { job_id: string }[] }>();
    expect(list.items.map((item) => item.job_id)).toEqual([kept]);
    for (const [path, init] of [...historyRoutes(id), ...jobRoutes(id)]) {
      expect((await call(user.accessToken, path, init)).status, `${init.method ?? "GET"} ${path}`).toBe(404);
    }
  });

  it("cancels a running job through its tracker before hiding it", async () => {
    const user = await signIn();
    const id = await runningJob(user.userId);
    expect((await call(user.accessToken, `/history/${id}`, { method: "DELETE" })).status).toBe(204);
    const state = await trackerFor(env, id).snapshot();
    expect(state?.status).toBe("cancelled");
    expect(await trackerFor(env, id).beginChunk(0)).toBe(false);
    const row = await db.query.jobs.findFirst({ where: eq(jobs.id, id) });
    expect(row).toMatchObject({ status: "cancelled", deletedAt: expect.any(Date) });
  });

  it("deletes an entry whose tracker never started", async () => {
    const user = await signIn();
    const id = await insertJob(user.userId, { status: "failed" });
    expect((await call(user.accessToken, `/history/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call(user.accessToken, `/history/${id}`)).status).toBe(404);
  });

  it("needs the jobs:write scope for an API key", async () => {
    const user = await signIn();
    const id = await insertJob(user.userId);
    const created = await postJson(user.accessToken, "/api-keys", { name: "k", scopes: ["history:read"] });
    const { key } = await created.json<{ key: string }>();
    expect((await call(key, `/history/${id}`)).status).toBe(200);
    expect((await call(key, `/history/${id}`, { method: "DELETE" })).status).toBe(403);
    expect((await postJson(key, `/history/${id}/duplicate`)).status).toBe(403);
  });
});
