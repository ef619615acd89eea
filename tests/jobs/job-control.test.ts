import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { resumeJob } from "../../src/jobs/job-control";
import { chunkInputKey, putJson } from "../../src/jobs/storage";
import { trackerFor } from "../../src/jobs/tracker/client";
import { ApiError } from "../../src/lib/errors";
import { signIn } from "../helpers/auth";
import { seedPreparedJob } from "../helpers/seed-job";

describe("resumeJob", () => {
  it("fails the job again when its pages cannot be charged, rather than leave it running with nothing queued", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, [["Une phrase du livre."]]);
    await tracker.cancel();
    const unreachable = {
      prepare: () => {
        throw new Error("D1 unreachable");
      },
    } as unknown as D1Database;

    await expect(
      resumeJob({ ...env, DB: unreachable }, { id: jobId, pdfKey: "unused", pdfPurgedAt: null }),
    ).rejects.toThrow("D1 unreachable");
    expect(await trackerFor(env, jobId).snapshot()).toMatchObject({
      status: "failed",
      error: { error_code: "INTERNAL_ERROR" },
    });
  });

  it("answers 409 when a chunk left is a scanned page purged with the PDF, and leaves the job as it was", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(
      user.userId,
      [["Une phrase du livre."], ["Une autre."]],
      {},
      (n) => n + 1,
    );
    // Chunk 1 is a scanned page (page 2), to be transcribed from its one-page PDF, which the purge removed.
    await putJson(env.PDF_BUCKET, chunkInputKey(jobId, 1), {
      sentences: [],
      scannedPage: 2,
      firstSourceIndex: 1000,
    });
    await tracker.cancel();
    const purged = { id: jobId, pdfKey: "gone", pdfPurgedAt: new Date() };

    const refusal = await resumeJob(env, purged).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).code).toBe("CONFLICT");
    expect((refusal as ApiError).detail).toContain("Scanned page 2");
    expect((await tracker.snapshot())?.status).toBe("cancelled");
  });

  it("resumes a job of text chunks after its PDF was purged: their inputs are kept", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, [["Une phrase du livre."]]);
    await tracker.cancel();
    const state = await resumeJob(env, { id: jobId, pdfKey: "gone", pdfPurgedAt: new Date() });
    expect(state.status).toBe("processing");
  });
});
