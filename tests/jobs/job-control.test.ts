import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { resumeJob } from "../../src/jobs/job-control";
import { trackerFor } from "../../src/jobs/tracker/client";
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

    await expect(resumeJob({ ...env, DB: unreachable }, { id: jobId, pdfKey: "unused" })).rejects.toThrow(
      "D1 unreachable",
    );
    expect(await trackerFor(env, jobId).snapshot()).toMatchObject({
      status: "failed",
      error: { error_code: "INTERNAL_ERROR" },
    });
  });
});
