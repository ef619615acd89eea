import { consumeJobBatch, consumeJobDeadLetters } from "../jobs/queue/consumer";
import { log } from "../lib/logger";

/**
 * Routes a batch to its consumer by queue name. Names differ per environment (`fnt-dev-jobs`,
 * `fnt-production-jobs-dlq`…), so the suffix tells the role.
 */
export async function handleQueue(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  if (batch.queue.endsWith("-jobs")) return consumeJobBatch(batch, env, ctx);
  if (batch.queue.endsWith("-jobs-dlq")) return consumeJobDeadLetters(batch, env);
  // Webhook delivery arrives with the webhooks feature; until then nothing is produced on these queues.
  log("warn", "no consumer for queue; acknowledging", {
    queue: batch.queue,
    messages: batch.messages.length,
  });
  batch.ackAll();
}
