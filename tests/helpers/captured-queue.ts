import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { buildApp } from "../../src/app";
import type { JobMessage } from "../../src/jobs/queue/messages";
import worker from "../../src/worker";

/**
 * The API and the job-queue consumer with test bindings whose job queue is a list the test drains by hand, so
 * a job stays where the test leaves it (prepared, half done). Everything else — trackers, the events queue and
 * its reactions — is the real runtime's.
 */
export function capturedJobQueue(overrides: Record<string, unknown> = {}) {
  const sent: JobMessage[] = [];
  const bindings = {
    ...env,
    ...overrides,
    JOB_QUEUE: {
      send: async (body: JobMessage) => void sent.push(body),
      sendBatch: async (batch: { body: JobMessage }[]) => void sent.push(...batch.map((m) => m.body)),
    },
  } as unknown as Env;

  /** Calls the API with these bindings. */
  const call = async (path: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const response = await buildApp().fetch(
      new Request(`https://api.test/api/v1${path}`, init),
      bindings,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return response;
  };

  /** Delivers the queued messages that `pick` selects (all by default), once, and removes them from the list. */
  const deliver = async (pick: (message: JobMessage) => boolean = () => true) => {
    const chosen = sent.filter(pick);
    for (const message of chosen) sent.splice(sent.indexOf(message), 1);
    const batch = createMessageBatch(
      "fnt-dev-jobs",
      chosen.map((body, i) => ({
        id: `m-${crypto.randomUUID()}-${i}`,
        timestamp: new Date(),
        attempts: 1,
        body,
      })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, bindings, ctx);
    await waitOnExecutionContext(ctx);
    return chosen;
  };

  return { bindings, sent, call, deliver };
}
