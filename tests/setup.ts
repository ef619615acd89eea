import { env, reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { network } from "./helpers/network";
import { liftRequestLimits } from "./helpers/request-limits";

// Test files share a workerd runtime (vitest.config.ts): each starts on empty storage, as in a runtime of its own,
// so that no file sees, or depends on, another file's users, jobs, cache entries or Durable Objects.
await reset();
// Every migration's statements in one batch: one round trip to D1 instead of two per migration.
await env.DB.batch(
  env.TEST_MIGRATIONS.flatMap((migration) => migration.queries).map((query) => env.DB.prepare(query)),
);
liftRequestLimits();

beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(() => network.resetHandlers());
afterAll(() => {
  network.close();
  // Nor does a fake clock, a spy or a stubbed global outlive the file that set it.
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
