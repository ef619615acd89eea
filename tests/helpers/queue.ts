import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { vi } from "vitest";
import type { JobMessage } from "../../src/jobs/queue/messages";
import worker from "../../src/worker";

/**
 * Delivers one batch to the worker's queue handler, as the queue would, and reports acks, retries and delays.
 * `overrides` replace bindings (a new env object: the configuration is parsed anew).
 */
export async function deliver(
  queue: string,
  messages: { body: JobMessage | unknown; attempts?: number }[],
  overrides: Record<string, unknown> = {},
) {
  const batch = createMessageBatch(
    queue,
    messages.map((message, i) => ({
      id: `m${i}`,
      timestamp: new Date(),
      attempts: message.attempts ?? 1,
      body: message.body,
    })),
  );
  // The test harness records which messages were retried but not their delay: watch the calls too.
  const retries = batch.messages.map((message) => vi.spyOn(message, "retry"));
  const ctx = createExecutionContext();
  await worker.queue(batch, Object.keys(overrides).length > 0 ? { ...env, ...overrides } : env, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    ...result,
    retryDelays: retries.flatMap((spy) => spy.mock.calls.map(([options]) => options?.delaySeconds)),
  };
}

/** The message that asks for one chunk of a job. */
export const chunkMessage = (jobId: string, chunk: number): JobMessage => ({
  type: "job.chunk",
  jobId,
  chunk,
});
