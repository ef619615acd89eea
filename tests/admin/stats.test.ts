import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { adminStats, percentile } from "../../src/admin/stats";
import { createDb } from "../../src/db/client";
import { callAs, signInAs } from "../helpers/admin";
import { seedJobRow } from "../helpers/seed-rows";
import { chargeEarlierJob } from "../helpers/usage";

const HOUR = 60 * 60 * 1000;

describe("percentile", () => {
  it("takes the nearest rank", () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 95)).toBe(40);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("admin stats", () => {
  it("match the seeded jobs: per day and status, duration per 100 pages, failures, Gemini tokens, top users", async () => {
    const a = await signInAs("user", "a-stats@example.test");
    const b = await signInAs("premium", "b-stats@example.test");
    const now = new Date();
    const noon = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12));
    const today = noon.toISOString().slice(0, 10);
    const yesterday = new Date(noon.getTime() - 24 * HOUR);
    for (const seconds of [10, 20, 30]) {
      await seedJobRow(a.userId, {
        status: "completed",
        createdAt: noon,
        pageCount: 100,
        durationMs: seconds * 1000,
      });
    }
    await seedJobRow(b.userId, {
      status: "completed",
      createdAt: noon,
      pageCount: 50,
      durationMs: 20_000,
      engine: "gemini",
      usage: { input_tokens: 1000, output_tokens: 200, calls: 3 },
    });
    await seedJobRow(a.userId, { status: "failed", createdAt: noon, errorCode: "NOT_FRENCH" });
    await seedJobRow(b.userId, { status: "failed", createdAt: noon, errorCode: "NOT_FRENCH" });
    await seedJobRow(a.userId, { status: "cancelled", createdAt: noon });
    await seedJobRow(a.userId, { status: "failed", createdAt: yesterday, errorCode: "CHUNK_FAILED" });
    await chargeEarlierJob(a.userId, 30);
    await chargeEarlierJob(b.userId, 50);

    const stats = await adminStats(createDb(env.DB), noon.getTime() + HOUR, 2);
    expect(stats.jobs_per_day).toEqual([
      { day: yesterday.toISOString().slice(0, 10), status: "failed", jobs: 1 },
      { day: today, status: "cancelled", jobs: 1 },
      { day: today, status: "completed", jobs: 4 },
      { day: today, status: "failed", jobs: 2 },
    ]);
    expect(stats.duration_per_100_pages).toEqual({ jobs: 4, p50_ms: 20_000, p95_ms: 40_000 });
    expect(stats.failures).toEqual({
      ended_jobs: 8,
      by_code: [
        { error_code: "NOT_FRENCH", jobs: 2, rate: 0.25 },
        { error_code: "CHUNK_FAILED", jobs: 1, rate: 0.125 },
      ],
    });
    expect(stats.gemini_per_day).toEqual([{ day: today, input_tokens: 1000, output_tokens: 200, calls: 3 }]);
    expect(stats.top_users.users).toEqual([
      { user_id: b.userId, email: "b-stats@example.test", role: "premium", pages: 50 },
      { user_id: a.userId, email: "a-stats@example.test", role: "user", pages: 30 },
    ]);

    const admin = await signInAs("admin");
    const response = await callAs(admin.accessToken, "GET", "/admin/stats?days=7");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ days: 7, top_users: { users: stats.top_users.users } });
  });
});
