import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { encodeHistoryCursor } from "../../src/history/history-cursor";
import { selectHistoryPage } from "../../src/history/list-history";
import { signIn } from "../helpers/auth";
import { call, db, insertJob, postJson } from "../helpers/history";

interface Page {
  items: Record<string, unknown>[];
  next_cursor: string | null;
}

async function page(token: string, query = ""): Promise<Page> {
  const response = await call(token, `/history${query}`);
  expect(response.status).toBe(200);
  return response.json<Page>();
}

/** Every entry, following `next_cursor` page by page. */
async function walk(token: string, limit: number, status = ""): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${limit}${status}${cursor ? `&cursor=${cursor}` : ""}`;
    const body = await page(token, query);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...body.items.map((item) => String(item.job_id)));
    cursor = body.next_cursor;
  } while (cursor);
  return ids;
}

describe("GET /api/v1/history", () => {
  it("lists newest first with stable cursors, ties on created_at broken by id", async () => {
    const user = await signIn();
    const base = Date.now() - 60_000;
    const rows: { id: string; at: number }[] = [];
    for (const at of [base, base + 1000, base + 1000, base + 1000, base + 2000, base + 3000, base + 3000]) {
      rows.push({ id: await insertJob(user.userId, { createdAt: new Date(at) }), at });
    }
    const expected = rows.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((row) => row.id);

    for (const limit of [1, 2, 3, 7, 100]) expect(await walk(user.accessToken, limit)).toEqual(expected);
    expect((await page(user.accessToken, "?limit=7")).next_cursor).toBeNull();
  });

  it("does not repeat or skip entries when a job is created between two pages", async () => {
    const user = await signIn();
    const base = Date.now() - 60_000;
    const older = [];
    for (let i = 0; i < 4; i++) older.push(await insertJob(user.userId, { createdAt: new Date(base + i) }));
    const first = await page(user.accessToken, "?limit=2");
    const newer = await insertJob(user.userId);
    const second = await page(user.accessToken, `?limit=10&cursor=${first.next_cursor}`);
    const seen = [...first.items, ...second.items].map((item) => item.job_id);
    expect(seen).toEqual(older.reverse());
    expect((await page(user.accessToken)).items[0]?.job_id).toBe(newer);
  });

  it("returns compact summaries, 20 by default, and hides deleted and other users' entries", async () => {
    const user = await signIn();
    const other = await signIn();
    await insertJob(other.userId);
    await insertJob(user.userId, { deletedAt: new Date() });
    for (let i = 0; i < 21; i++)
      await insertJob(user.userId, { createdAt: new Date(Date.now() - 10_000 + i) });
    const id = await insertJob(user.userId, {
      status: "processing",
      filename: "Madame Bovary.pdf",
      pageCount: 12,
      chunksTotal: 4,
      chunksDone: 2,
      sentenceCount: 40,
      settings: { sentence_length_limit: 8 },
      stats: { sentences: 40 },
    });

    const first = await page(user.accessToken);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toEqual({
      job_id: id,
      filename: "Madame Bovary.pdf",
      file_size: 1234,
      page_count: 12,
      status: "processing",
      progress: 52,
      sentence_count: 40,
      engine: "offline",
      model: null,
      cached: false,
      error_code: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      completed_at: null,
      links: {
        self: `/api/v1/jobs/${id}`,
        events: `/api/v1/jobs/${id}/events`,
        sentences: `/api/v1/jobs/${id}/sentences`,
        download: `/api/v1/jobs/${id}/download`,
        history: `/api/v1/history/${id}`,
      },
    });
    expect(await walk(user.accessToken, 100)).toHaveLength(22);
  });

  it("filters by status, across pages", async () => {
    const user = await signIn();
    const failed: string[] = [];
    for (let i = 0; i < 5; i++) {
      await insertJob(user.userId, { status: "completed", createdAt: new Date(Date.now() - 9000 + 2 * i) });
      failed.unshift(
        await insertJob(user.userId, {
          status: "failed",
          errorCode: "PDF_ENCRYPTED",
          createdAt: new Date(Date.now() - 9000 + 2 * i + 1),
        }),
      );
    }
    expect(await walk(user.accessToken, 2, "&status=failed")).toEqual(failed);
    const body = await page(user.accessToken, "?status=failed&limit=1");
    expect(body.items[0]).toMatchObject({ status: "failed", error_code: "PDF_ENCRYPTED" });
    expect((await page(user.accessToken, "?status=cancelled")).items).toEqual([]);
  });

  it.each([
    ["cursor=not-a-cursor", "cursor"],
    [`cursor=${btoa("s:12")}`, "cursor"],
    [`cursor=${"A".repeat(300)}`, "cursor"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["limit=2.5", "limit"],
    ["status=done", "status"],
  ])("answers 422 for %s", async (query, field) => {
    const user = await signIn();
    const response = await call(user.accessToken, `/history?${query}`);
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = await response.json<{ error_code: string; errors: { path: string }[] }>();
    expect(problem.error_code).toBe("VALIDATION_FAILED");
    expect(problem.errors.map((error) => error.path)).toContain(field);
  });

  it("requires a token, and the history:read scope for an API key", async () => {
    expect((await call("", "/history")).status).toBe(401);
    const user = await signIn();
    const keyFor = async (scopes: string[]) => {
      const created = await postJson(user.accessToken, "/api-keys", { name: "k", scopes });
      return (await created.json<{ key: string }>()).key;
    };
    expect((await call(await keyFor(["jobs:read"]), "/history")).status).toBe(403);
    expect((await call(await keyFor(["history:read"]), "/history")).status).toBe(200);
  });

  it("runs as one query on the user/created_at index", async () => {
    const after = { createdAt: Date.now(), id: crypto.randomUUID() };
    const values = { userId: "u", status: "failed", afterAt: after.createdAt, afterId: after.id, limit: 21 };
    for (const shape of [
      { status: false, after: false },
      { status: true, after: true },
    ]) {
      const { sql, params } = selectHistoryPage(db, shape).toSQL();
      // Placeholders come back as { name } objects; bind them as the page query would.
      const bound = params.map((param) =>
        typeof param === "object" && param !== null && "name" in param
          ? values[param.name as keyof typeof values]
          : param,
      );
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...bound)
        .all<{ detail: string }>();
      const details = plan.results.map((row) => row.detail).join("\n");
      expect(details).toMatch(/SEARCH jobs USING INDEX jobs_user_created_idx \(user_id=\?/);
      expect(details).not.toMatch(/SCAN jobs/);
    }
    expect(encodeHistoryCursor(after)).not.toMatch(/[+/=]/);
  });
});
