import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          ENVIRONMENT: "development",
          DEV_LOGIN: "true",
          CORS_ORIGINS: "http://localhost:5173",
        },
      },
    }),
  ],
  test: {
    include: ["tests/**/*.test.ts", "src/**/*.test.ts"],
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
