import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { vi } from "vitest";
import worker from "../../src/worker";

/** A message handed to the queue handler: its body and which delivery of it this is (1 = the first). */
export interface FakeMessage {
  body: unknown;
  attempts?: number;
}

/**
 * Runs the worker's queue handler on a batch of `queue` (named as in wrangler.jsonc) and returns what it did
 * with each message: acks, retries, and the `delaySeconds` each retry asked for (which the harness does
 * not record, so the calls are watched). `overrides` replace bindings (a new env object: configuration is
 * parsed anew).
 */
export async function runQueueBatch(
  queue: string,
  messages: FakeMessage[],
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
  const retries = batch.messages.map((message) => vi.spyOn(message, "retry"));
  const ctx = createExecutionContext();
  await worker.queue(batch, Object.keys(overrides).length > 0 ? { ...env, ...overrides } : env, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    ...result,
    retryDelays: retries.flatMap((spy) => spy.mock.calls.map(([options]) => options?.delaySeconds)),
  };
}
