import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../../src/db/client";
import { jobs } from "../../../src/db/schema";
import { signIn } from "../../helpers/auth";
import { seedPreparedJob } from "../../helpers/seed-job";

const STATS = { sentences: 1, over_limit: 0, fragments: 0, words_in: 3, words_out: 3 };
const USAGE = { input_tokens: 0, output_tokens: 0, calls: 0 };
const chunks = (n: number) => Array.from({ length: n }, (_, i) => [`Phrase numéro ${i}.`]);

describe("JobTracker", () => {
  it("counts chunks finishing at the same moment without losing one", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, chunks(12));
    await Promise.all(
      Array.from({ length: 12 }, (_, chunk) =>
        tracker.chunkDone(chunk, { count: 1, stats: STATS, usage: USAGE }),
      ),
    );
    const state = await tracker.snapshot();
    expect(state).toMatchObject({
      status: "completed",
      chunksDone: 12,
      sentenceCount: 12,
      chunkCounts: Array(12).fill(1),
    });
    expect(state?.stats).toMatchObject({ sentences: 12, words_in: 36 });
    const row = await createDb(env.DB).query.jobs.findFirst({ where: eq(jobs.id, jobId) });
    expect(row).toMatchObject({
      status: "completed",
      chunksDone: 12,
      sentenceCount: 12,
      resultPrefix: `jobs/${jobId}`,
    });
  });

  it("repairs a history row that missed a transition when the sweep asks", async () => {
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, chunks(1));
    await tracker.chunkDone(0, { count: 1, stats: STATS, usage: USAGE });
    const db = createDb(env.DB);
    await db
      .update(jobs)
      .set({ status: "processing", chunkCounts: null, resultPrefix: null })
      .where(eq(jobs.id, jobId));
    await tracker.checkStalled();
    const row = await db.query.jobs.findFirst({ where: eq(jobs.id, jobId) });
    expect(row).toMatchObject({ status: "completed", chunkCounts: [1], resultPrefix: `jobs/${jobId}` });
  });
});
