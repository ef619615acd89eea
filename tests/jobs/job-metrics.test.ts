import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { recordJobMetrics } from "../../src/jobs/job-metrics";
import { domainEventId } from "../../src/lib/domain-events";
import { signInAs } from "../helpers/admin";
import { capturedMetrics } from "../helpers/metrics";
import { seedPreparedJob } from "../helpers/seed-job";
import { workerConfig } from "../helpers/worker-config";

describe("job metrics", () => {
  it("write one data point per finished job: status, engine, error code, plan, pages, sentences, duration, Gemini use", async () => {
    const owner = await signInAs("user");
    const { jobId, tracker } = await seedPreparedJob(owner.userId, [["Le chat dort."], ["Le chien aboie."]]);
    const failed = await tracker.chunkFailed(1, {
      error_code: "CHUNK_FAILED",
      message: "failed in a test",
      failed_step: "process",
    });
    const { dataset, points } = capturedMetrics();
    const at = failed.completedAt ?? Date.now();
    const event = {
      type: "job.finished" as const,
      id: domainEventId("job.finished", jobId, at),
      jobId,
      userId: owner.userId,
      status: "failed" as const,
      at,
    };
    await recordJobMetrics(event, { env: { ...env, METRICS: dataset }, config: workerConfig() });
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({
      indexes: ["offline"],
      blobs: ["job", "failed", "offline", "", "CHUNK_FAILED", "user"],
    });
    const [pages, sentences, duration, calls, input, output] = points[0]?.doubles ?? [];
    expect([pages, sentences, calls, input, output]).toEqual([1, 0, 0, 0, 0]);
    expect(duration).toBeGreaterThanOrEqual(0);

    await recordJobMetrics({ ...event, type: "export.finished" } as never, {
      env: { ...env, METRICS: dataset },
      config: workerConfig(),
    });
    expect(points).toHaveLength(1);
  });
});
