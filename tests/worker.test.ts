import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../src/worker";
import { PRODUCTION_ENV } from "./helpers/app";

describe("the queue entry", () => {
  it("delivers a batch again a minute later, untouched, while the configuration is invalid", async () => {
    const batch = createMessageBatch("fnt-dev-jobs", [
      {
        id: "m0",
        timestamp: new Date(),
        attempts: 1,
        body: { type: "job.prepare", jobId: crypto.randomUUID() },
      },
    ]);
    const retryAll = vi.spyOn(batch, "retryAll");
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, ...PRODUCTION_ENV, JWT_SECRET: "" }, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryBatch).toMatchObject({ retry: true });
    expect(retryAll).toHaveBeenCalledWith({ delaySeconds: 60 });
    expect(result.explicitAcks).toEqual([]);
  });
});
