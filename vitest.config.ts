import { readFileSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));

/**
 * Tests run on the documented example configuration, whatever a developer's local .dev.vars holds (which
 * wrangler would otherwise load): a Gemini key there must not turn the offline tests into Gemini tests.
 */
const exampleVars = Object.fromEntries(
  readFileSync(path.join(import.meta.dirname, ".dev.vars.example"), "utf8")
    .split("\n")
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
);

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: {
          ...exampleVars,
          TEST_MIGRATIONS: migrations,
          ENVIRONMENT: "development",
          DEV_LOGIN: "true",
          CORS_ORIGINS: "http://localhost:5173",
          // Every test signs in from the same address; the limit itself is tested with its own value.
          SIGN_INS_PER_MINUTE: "100000",
          // Tests change sessions and users behind the API's back; the cache has a test of its own.
          SESSION_CACHE_SECONDS: "0",
          // Tests that seed a job and deliver its messages themselves must not race a re-drive; the re-drive
          // tests run the tracker's alarm explicitly.
          JOB_REDRIVE_SECONDS: "600",
        },
      },
    }),
  ],
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["./tests/setup.ts"],
    // End-to-end tests wait for real queue consumers (one batch timeout per hop).
    testTimeout: 60_000,
    // One JSON line per request is the production log; in test output only warnings and errors matter.
    onConsoleLog: (log) => !log.includes('"level":"info"'),
    coverage: {
      provider: "istanbul",
      reporter: ["text-summary", "json-summary", "html"],
      include: ["src/**/*.ts"],
    },
  },
});
