import type { JobMessage } from "./messages";

/** The most messages the Queues API accepts in one `sendBatch`. */
const SEND_BATCH_LIMIT = 100;

type JobQueueEnv = Pick<Env, "JOB_QUEUE">;

/** Queues a job's first step: extract, clean, segment and cut the PDF into chunks. */
export async function enqueuePrepare(env: JobQueueEnv, jobId: string): Promise<void> {
  await env.JOB_QUEUE.send({ type: "job.prepare", jobId } satisfies JobMessage, { contentType: "json" });
}

/** Sends one `job.chunk` message per chunk, in batches the Queues API accepts. */
export async function enqueueChunks(env: JobQueueEnv, jobId: string, chunks: number[]): Promise<void> {
  for (let start = 0; start < chunks.length; start += SEND_BATCH_LIMIT) {
    const batch = chunks.slice(start, start + SEND_BATCH_LIMIT).map((chunk) => ({
      body: { type: "job.chunk", jobId, chunk } satisfies JobMessage,
      contentType: "json" as const,
    }));
    await env.JOB_QUEUE.sendBatch(batch);
  }
}

/** Sends a message again after a delay as a fresh delivery, so its retry budget is kept for real failures. */
export async function enqueueAgain(
  env: JobQueueEnv,
  message: JobMessage,
  delaySeconds: number,
): Promise<void> {
  await env.JOB_QUEUE.send(message, { contentType: "json", delaySeconds });
}
