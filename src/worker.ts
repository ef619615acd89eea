import { withSentry } from "@sentry/cloudflare";
import { consumeAccountBatch, consumeAccountDeadLetters } from "./account/consumer";
import { buildApp } from "./app";
import { type Config, ConfigError, requireConfig } from "./config";
import { runHousekeeping } from "./cron/housekeeping";
import { GeminiGate as GeminiGateObject } from "./engines/gemini/gemini-gate";
import { consumeExportBatch } from "./exports/queue/consumer";
import { consumeExportDeadLetters } from "./exports/queue/dead-letters";
import { HistoryVersion as HistoryVersionObject } from "./jobs/history-version/history-version";
import { consumeJobBatch } from "./jobs/queue/consumer";
import { consumeJobDeadLetters } from "./jobs/queue/dead-letters";
import { JobTracker as JobTrackerObject } from "./jobs/tracker/job-tracker";
import { log } from "./lib/logger";
import { instrumentObject, sentryOptions } from "./lib/sentry";
import { RateLimiter as RateLimiterObject } from "./rate-limit/rate-limiter";
import { consumeEventDeadLetters, consumeEvents } from "./reactions/consumer";
import { consumeDeliveries } from "./webhooks/queue/consumer";
import { consumeDeliveryDeadLetters } from "./webhooks/queue/dead-letters";

// Each Durable Object reports what escapes its methods and alarm, as the handlers below do.
export const GeminiGate = instrumentObject(GeminiGateObject);
export type GeminiGate = GeminiGateObject;
export const HistoryVersion = instrumentObject(HistoryVersionObject);
export type HistoryVersion = HistoryVersionObject;
export const JobTracker = instrumentObject(JobTrackerObject);
export type JobTracker = JobTrackerObject;
export const RateLimiter = instrumentObject(RateLimiterObject);
export type RateLimiter = RateLimiterObject;

/** A batch delivered while the configuration is invalid comes back after this delay, not as a failure. */
const MISCONFIGURED_RETRY_SECONDS = 60;

const app = buildApp();

/**
 * Routes a batch to its consumer by queue name. Names differ per environment (`fnt-dev-jobs`,
 * `fnt-production-jobs-dlq`…), so the suffix tells the role.
 */
const handleQueue: ExportedHandlerQueueHandler<Env> = async (batch, env) => {
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
  if (batch.queue.endsWith("-jobs")) return consumeJobBatch(batch, env, config);
  if (batch.queue.endsWith("-jobs-dlq")) return consumeJobDeadLetters(batch, env);
  if (batch.queue.endsWith("-events")) return consumeEvents(batch, env, config);
  if (batch.queue.endsWith("-events-dlq")) return consumeEventDeadLetters(batch);
  if (batch.queue.endsWith("-exports")) return consumeExportBatch(batch, env, config);
  if (batch.queue.endsWith("-exports-dlq")) return consumeExportDeadLetters(batch, env);
  if (batch.queue.endsWith("-webhooks")) return consumeDeliveries(batch, env, config);
  if (batch.queue.endsWith("-webhooks-dlq")) return consumeDeliveryDeadLetters(batch, env);
  if (batch.queue.endsWith("-account")) return consumeAccountBatch(batch, env, config);
  if (batch.queue.endsWith("-account-dlq")) return consumeAccountDeadLetters(batch, env);
  log("warn", "no consumer for queue; acknowledging", {
    queue: batch.queue,
    messages: batch.messages.length,
  });
  batch.ackAll();
};

/** The cron's housekeeping, awaited so that what it reports is sent before the invocation ends. */
const runCron: ExportedHandlerScheduledHandler<Env> = (controller, env) =>
  runHousekeeping(env, controller.scheduledTime);

/**
 * The entry points, each wrapped by Sentry: what escapes a handler is reported, and what the handlers report
 * themselves (`reportError`) is sent before the invocation ends.
 */
const instrumented = withSentry(sentryOptions, {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: runCron,
} satisfies ExportedHandler<Env>);
const instrumentedFetch = instrumented.fetch as NonNullable<ExportedHandler<Env>["fetch"]>;
const instrumentedQueue = instrumented.queue as ExportedHandlerQueueHandler<Env>;
const instrumentedCron = instrumented.scheduled as ExportedHandlerScheduledHandler<Env>;

// Without a DSN nothing would be sent: invocations skip the instrumentation (a scope per invocation, every D1
// statement wrapped), which costs a third of a bare route.
export default {
  fetch: (request, env, ctx) =>
    env.SENTRY_DSN ? instrumentedFetch(request, env, ctx) : app.fetch(request, env, ctx),
  queue: (batch, env, ctx) =>
    env.SENTRY_DSN ? instrumentedQueue(batch, env, ctx) : handleQueue(batch, env, ctx),
  scheduled: (controller, env, ctx) =>
    env.SENTRY_DSN ? instrumentedCron(controller, env, ctx) : runCron(controller, env, ctx),
} satisfies ExportedHandler<Env>;
