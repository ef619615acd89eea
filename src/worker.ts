import { buildApp } from "./app";
import { runHousekeeping } from "./cron/housekeeping";
import { handleQueue } from "./queues";

export { GeminiGate } from "./engines/gemini/gemini-gate";
export { JobTracker } from "./jobs/tracker/job-tracker";
export { RateLimiter } from "./rate-limit/rate-limiter";

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: (controller, env, ctx) => ctx.waitUntil(runHousekeeping(env, controller.scheduledTime)),
} satisfies ExportedHandler<Env>;
