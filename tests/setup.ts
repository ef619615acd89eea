import { applyD1Migrations, env } from "cloudflare:test";
import { afterAll, afterEach, beforeAll } from "vitest";
import { network } from "./helpers/network";
import { liftRequestLimits } from "./helpers/request-limits";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
liftRequestLimits();

beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(() => network.resetHandlers());
afterAll(() => network.close());
