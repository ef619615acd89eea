import { env, reset } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { keepMainModulePerFile } from "./helpers/main-module";
import { network } from "./helpers/network";
import { liftRequestLimits } from "./helpers/request-limits";

// Test files share a workerd runtime (vitest.config.ts): each starts on empty storage, as in a runtime of its own,
// so that no file sees, or depends on, another file's users, jobs, cache entries or Durable Objects.
await emptyStorage(env.DB);
// Every migration's statements in one batch: one round trip to D1 instead of two per migration.
await env.DB.batch(
  env.TEST_MIGRATIONS.flatMap((migration) => migration.queries).map((query) => env.DB.prepare(query)),
);
liftRequestLimits();
keepMainModulePerFile();

/**
 * Empties every binding's storage. On a busy machine a query still running from the previous file can outlive
 * reset() and leave D1's tables behind: then it resets again, a few times at most.
 */
async function emptyStorage(db: D1Database): Promise<void> {
  const tables = db.prepare(
    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  );
  for (let attempt = 1; ; attempt++) {
    await reset();
    if ((await tables.first<number>("n")) === 0) return;
    if (attempt === 5) throw new Error("reset() left D1 tables behind five times");
  }
}

beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(() => network.resetHandlers());
afterAll(() => {
  network.close();
  // Nor does a fake clock, a spy or a stubbed global outlive the file that set it.
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
