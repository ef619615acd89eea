import { buildApp } from "./app";
import { runHousekeeping } from "./cron/housekeeping";
import { handleQueue } from "./queues";

export { GeminiGate } from "./durable-objects/gemini-gate";
export { JobTracker } from "./durable-objects/job-tracker";
export { RateLimiter } from "./durable-objects/rate-limiter";

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: (controller, env, ctx) => ctx.waitUntil(runHousekeeping(env, controller.scheduledTime)),
} satisfies ExportedHandler<Env>;
