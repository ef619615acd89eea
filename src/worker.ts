import { consumeAccountBatch, consumeAccountDeadLetters } from "./account/consumer";
import { buildApp } from "./app";
import { type Config, ConfigError, requireConfig } from "./config";
import { runHousekeeping } from "./cron/housekeeping";
import { consumeExportBatch } from "./exports/queue/consumer";
import { consumeExportDeadLetters } from "./exports/queue/dead-letters";
import { consumeJobBatch } from "./jobs/queue/consumer";
import { consumeJobDeadLetters } from "./jobs/queue/dead-letters";
import { log } from "./lib/logger";
import { consumeEventDeadLetters, consumeEvents } from "./reactions/consumer";
import { consumeDeliveries } from "./webhooks/queue/consumer";
import { consumeDeliveryDeadLetters } from "./webhooks/queue/dead-letters";

export { GeminiGate } from "./engines/gemini/gemini-gate";
export { JobTracker } from "./jobs/tracker/job-tracker";
export { RateLimiter } from "./rate-limit/rate-limiter";

/** A batch delivered while the configuration is invalid comes back after this delay, not as a failure. */
const MISCONFIGURED_RETRY_SECONDS = 60;

const app = buildApp();

/**
 * Routes a batch to its consumer by queue name. Names differ per environment (`fnt-dev-jobs`,
 * `fnt-production-jobs-dlq`…), so the suffix tells the role.
 */
async function handleQueue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  let config: Config;
  try {
    config = requireConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log("error", "queue paused: configuration invalid", {
      queue: batch.queue,
      invalid_variables: error.invalid,
    });
    batch.retryAll({ delaySeconds: MISCONFIGURED_RETRY_SECONDS });
    return;
  }
  if (batch.queue.endsWith("-jobs")) return consumeJobBatch(batch, env, config, ctx);
  if (batch.queue.endsWith("-jobs-dlq")) return consumeJobDeadLetters(batch, env);
  if (batch.queue.endsWith("-events")) return consumeEvents(batch, env, config, ctx);
  if (batch.queue.endsWith("-events-dlq")) return consumeEventDeadLetters(batch, config, ctx);
  if (batch.queue.endsWith("-exports")) return consumeExportBatch(batch, env, config, ctx);
  if (batch.queue.endsWith("-exports-dlq")) return consumeExportDeadLetters(batch, env);
  if (batch.queue.endsWith("-webhooks")) return consumeDeliveries(batch, env, config, ctx);
  if (batch.queue.endsWith("-webhooks-dlq")) return consumeDeliveryDeadLetters(batch, env);
  if (batch.queue.endsWith("-account")) return consumeAccountBatch(batch, env, config);
  if (batch.queue.endsWith("-account-dlq")) return consumeAccountDeadLetters(batch, env);
  log("warn", "no consumer for queue; acknowledging", {
    queue: batch.queue,
    messages: batch.messages.length,
  });
  batch.ackAll();
}

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: (controller, env, ctx) => ctx.waitUntil(runHousekeeping(env, controller.scheduledTime)),
} satisfies ExportedHandler<Env>;
