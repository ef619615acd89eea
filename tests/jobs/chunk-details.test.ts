import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { JOB_MAX_DELIVERIES } from "../../src/jobs/queue/messages";
import { chunkInputKey } from "../../src/jobs/storage";
import type { ChunkDetail } from "../../src/jobs/tracker/chunk-details";
import { authHeaders, signIn } from "../helpers/auth";
import { API, uploadPdf, waitForJob } from "../helpers/jobs";
import { makeFrenchPdf } from "../helpers/pdf-fixtures";
import { chunkMessage, deliver } from "../helpers/queue";
import { seedPreparedJob } from "../helpers/seed-job";

const CHUNKS = [
  ["Le soleil se levait sur la ville endormie.", "Les rues étaient encore vides."],
  ["Un chat traversa la place sans un bruit."],
  ["La fontaine chantait doucement."],
];

async function listChunks(token: string, jobId: string) {
  const response = await SELF.fetch(`${API}/jobs/${jobId}/chunks`, { headers: authHeaders(token) });
  return { status: response.status, body: await response.json<{ job_id: string; chunks: ChunkDetail[] }>() };
}

describe("GET /jobs/{id}/chunks", () => {
  it("lists a job's chunks with their pages, states, attempts and the failed chunk's error", async () => {
    const user = await signIn();
    const { jobId } = await seedPreparedJob(user.userId, CHUNKS, {}, (chunk) => 10 + chunk);
    await deliver("fnt-dev-jobs", [{ body: chunkMessage(jobId, 0) }]);
    await env.PDF_BUCKET.put(chunkInputKey(jobId, 1), "{not json");
    await deliver("fnt-dev-jobs", [{ body: chunkMessage(jobId, 1), attempts: 1 }]);

    const waiting = (await listChunks(user.accessToken, jobId)).body.chunks[1];
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, last_error_code: "CHUNK_FAILED" });

    await deliver("fnt-dev-jobs", [{ body: chunkMessage(jobId, 1), attempts: JOB_MAX_DELIVERIES }]);
    const { status, body } = await listChunks(user.accessToken, jobId);
    expect(status).toBe(200);
    expect(body.job_id).toBe(jobId);
    const [done, failed, untouched] = body.chunks;
    expect(body.chunks).toHaveLength(3);
    expect(done).toMatchObject({
      index: 0,
      start_page: 10,
      end_page: 10,
      status: "done",
      sentence_count: expect.any(Number),
      attempts: 1,
      last_error_code: null,
    });
    expect(done?.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(done?.finished_at ?? "")).toBeGreaterThanOrEqual(Date.parse(done?.started_at ?? ""));
    expect(failed).toMatchObject({
      index: 1,
      start_page: 11,
      end_page: 11,
      status: "failed",
      sentence_count: null,
      attempts: 2,
      last_error_code: "CHUNK_FAILED",
      last_error: expect.stringContaining("attempts"),
    });
    expect(failed?.finished_at).not.toBeNull();
    expect(untouched).toMatchObject({
      index: 2,
      start_page: 12,
      status: "pending",
      attempts: 0,
      last_error_code: null,
      started_at: null,
      duration_ms: null,
    });
  });

  it("answers 404 for another user's job", async () => {
    const owner = await signIn();
    const stranger = await signIn();
    const { jobId } = await seedPreparedJob(owner.userId, CHUNKS);
    expect((await listChunks(stranger.accessToken, jobId)).status).toBe(404);
  });

  it("records the page range of each chunk when a real upload is prepared", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({
      pages: [["Il pleuvait sur Paris depuis le matin."], ["Le soir venu, la pluie cessa enfin."]],
    });
    const accepted = await (await uploadPdf(user.accessToken, pdf, { cache: "false" })).json<{
      job_id: string;
    }>();
    const job = await waitForJob(user.accessToken, accepted.job_id);
    expect(job.status).toBe("completed");
    const { body } = await listChunks(user.accessToken, accepted.job_id);
    expect(body.chunks).toEqual([
      expect.objectContaining({
        start_page: 1,
        end_page: 2,
        status: "done",
        sentence_count: job.sentence_count,
        attempts: 1,
      }),
    ]);
  });
});
