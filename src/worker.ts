import { buildApp } from "./app";

export { GeminiGate } from "./durable-objects/gemini-gate";
export { JobTracker } from "./durable-objects/job-tracker";
export { RateLimiter } from "./durable-objects/rate-limiter";

const app = buildApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
