import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { jobs } from "../../src/db/schema";
import { countWords, words } from "../../src/engines/words";
import { type SignedIn, signIn } from "../helpers/auth";
import { call, completedJob, db, postJson } from "../helpers/history";
import { allSentences, getJob, waitForJob } from "../helpers/jobs";

interface Accepted {
  job_id: string;
  status: string;
  links: { self: string };
}

async function duplicate(token: string, id: string, body?: unknown): Promise<Accepted> {
  const response = await postJson(token, `/history/${id}/duplicate`, body);
  expect(response.status, await response.clone().text()).toBe(202);
  const accepted = await response.json<Accepted>();
  expect(response.headers.get("location")).toBe(accepted.links.self);
  return accepted;
}

const texts = (sentences: { text: string }[]) => sentences.map((sentence) => sentence.text);

describe("POST /api/v1/history/{id}/duplicate", () => {
  let user: SignedIn;
  let source: string;
  let original: { text: string }[];

  beforeAll(async () => {
    user = await signIn();
    source = await completedJob(user.accessToken);
    original = await allSentences(user.accessToken, source);
  });

  it("serves the same settings from the cache: the new job is born completed", async () => {
    const accepted = await duplicate(user.accessToken, source);
    expect(accepted.status).toBe("completed");
    expect(accepted.job_id).not.toBe(source);
    const job = await getJob(user.accessToken, accepted.job_id);
    expect(job).toMatchObject({ status: "completed", cached: true, progress: 100 });
    expect(texts(await allSentences(user.accessToken, accepted.job_id))).toEqual(texts(original));
    const row = await db.query.jobs.findFirst({ where: eq(jobs.id, accepted.job_id) });
    const from = await db.query.jobs.findFirst({ where: eq(jobs.id, source) });
    expect(row).toMatchObject({ pdfKey: from?.pdfKey, filename: from?.filename, fileSize: from?.fileSize });
  });

  it("processes the document again with cache: false", async () => {
    const accepted = await duplicate(user.accessToken, source, { cache: false });
    expect(accepted.status).toBe("pending");
    const job = await waitForJob(user.accessToken, accepted.job_id);
    expect(job).toMatchObject({ status: "completed", cached: false });
    expect(texts(await allSentences(user.accessToken, accepted.job_id))).toEqual(texts(original));
  });

  it("processes the document again with other settings", async () => {
    const accepted = await duplicate(user.accessToken, source, { settings: { sentence_length_limit: 4 } });
    expect(accepted.status).toBe("pending");
    const job = await waitForJob(user.accessToken, accepted.job_id);
    expect(job).toMatchObject({ status: "completed", cached: false, settings: { sentence_length_limit: 4 } });
    const shorter = await allSentences(user.accessToken, accepted.job_id);
    expect(shorter.length).toBeGreaterThan(original.length);
    for (const sentence of shorter) expect(countWords(sentence.text)).toBeLessThanOrEqual(4);
    expect(words(texts(shorter).join(" "))).toEqual(words(texts(original).join(" ")));
  });

  it.each([
    ["an unknown field", { settings: {}, colour: "blue" }],
    ["an unknown setting", { settings: { language: "fr" } }],
    ["an out-of-range setting", { settings: { sentence_length_limit: 2 } }],
    ["inconsistent settings", { settings: { sentence_length_limit: 3, min_sentence_length: 5 } }],
    ["a non-boolean cache", { cache: "false" }],
  ])("answers 422 for %s", async (_, body) => {
    const response = await postJson(user.accessToken, `/history/${source}/duplicate`, body);
    expect(response.status).toBe(422);
    expect((await response.json<{ error_code: string }>()).error_code).toBe("VALIDATION_FAILED");
  });

  it("answers 400 for malformed JSON and 415 for a body that is not JSON", async () => {
    const path = `/history/${source}/duplicate`;
    const malformed = await call(user.accessToken, path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(malformed.status).toBe(400);
    const text = await call(user.accessToken, path, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "cache=false",
    });
    expect(text.status).toBe(415);
    expect(text.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("duplicating with the user's current settings", () => {
  it("uses the settings saved since the original job", async () => {
    const user = await signIn();
    const source = await completedJob(user.accessToken);
    const saved = await call(user.accessToken, "/settings", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sentence_length_limit: 5 }),
    });
    expect(saved.status).toBe(200);
    const accepted = await duplicate(user.accessToken, source, {});
    const job = await waitForJob(user.accessToken, accepted.job_id);
    expect(job).toMatchObject({ status: "completed", cached: false, settings: { sentence_length_limit: 5 } });
  });

  it("answers 409 when the stored PDF is gone", async () => {
    const user = await signIn();
    const source = await completedJob(user.accessToken);
    const row = await db.query.jobs.findFirst({ where: eq(jobs.id, source) });
    await env.PDF_BUCKET.delete(row?.pdfKey ?? "");
    const response = await postJson(user.accessToken, `/history/${source}/duplicate`);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error_code: "CONFLICT",
      detail: expect.stringContaining("no longer stored"),
    });
  });
});
