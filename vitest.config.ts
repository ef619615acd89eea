import { accessSync, constants, readdirSync, readFileSync, statfsSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { type Unstable_Config, unstable_readConfig } from "wrangler";

const root = import.meta.dirname;
const WRANGLER_CONFIG = "./wrangler.jsonc";

/**
 * Each runtime keeps every binding's storage (D1, R2, KV, and each Durable Object in a SQLite file of its own)
 * under the system's temporary folder, where every commit and every reset between files is a disk write. Test
 * storage never outlives the run: where Linux offers the RAM-backed /dev/shm, it goes there (on two cores, 89–95 s
 * for the suite became 70–71 s, and half the system time). A TMPDIR set by the caller is kept.
 */
if (!process.env.TMPDIR && hasRoomFor("/dev/shm", 1024 ** 3)) process.env.TMPDIR = "/dev/shm";

/** Whether a folder exists, may be written to, and has `bytes` free (a container's /dev/shm may have 64 MiB). */
function hasRoomFor(folder: string, bytes: number): boolean {
  try {
    accessSync(folder, constants.W_OK);
    const space = statfsSync(folder);
    return statSync(folder).isDirectory() && space.bavail * space.bsize >= bytes;
  } catch {
    return false;
  }
}

const migrations = await readD1Migrations(path.join(root, "migrations"));

/**
 * Tests run on the documented example configuration, whatever a developer's local .dev.vars holds (which
 * wrangler would otherwise load): a Gemini key there must not turn the offline tests into Gemini tests.
 */
const exampleVars = Object.fromEntries(
  readFileSync(path.join(root, ".dev.vars.example"), "utf8")
    .split("\n")
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
);

/**
 * The queue consumers as configured, except that tests get each batch at once: a batch window (one second per
 * hop on the webhook and dead-letter queues) only adds waiting to every end-to-end test.
 */
const wrangler: Unstable_Config = unstable_readConfig({ config: path.join(root, WRANGLER_CONFIG) });
const queueConsumers = Object.fromEntries(
  (wrangler.queues.consumers ?? []).map((consumer) => [
    consumer.queue,
    {
      maxBatchSize: consumer.max_batch_size,
      maxBatchTimeout: 0,
      maxRetries: consumer.max_retries,
      deadLetterQueue: consumer.dead_letter_queue,
      retryDelay: consumer.retry_delay,
    },
  ]),
);

/**
 * The packages (and subpaths) that src/ and tests/ import, read from the sources so that a new dependency is
 * covered too: pre-bundled, each loads into workerd as a few files instead of hundreds (zod, pdf-lib, msw), which
 * saves seconds a run. A subpath must be listed with its package, or it would load a second copy of it.
 */
function importedPackages(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }));
  const specifiers = new Set<string>();
  const sources = ["src", "tests"].flatMap((folder) =>
    readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .map((file) => path.join(root, folder, file)),
  );
  for (const file of sources) {
    for (const [, specifier = ""] of readFileSync(file, "utf8").matchAll(
      /(?:from|import\()\s*"([^".][^"]*)"/g,
    )) {
      const parts = specifier.split("/");
      const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
      if (name && name !== "vitest" && declared.has(name)) specifiers.add(specifier);
    }
  }
  return [...specifiers].sort();
}

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: WRANGLER_CONFIG },
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
        queueConsumers,
      },
    }),
    {
      name: "uncached-globs",
      configureVitest({ experimental_defineCacheKeyGenerator }) {
        // What `import.meta.glob` finds depends on which files exist (the shared corpus may be absent), not on the
        // module's text, which is all the module cache keys on: such modules are transformed on every run.
        experimental_defineCacheKeyGenerator(({ sourceCode }) =>
          sourceCode.includes("import.meta.glob") ? false : undefined,
        );
      },
    },
    {
      // Each runtime loads the pre-bundled dependencies with their source maps inlined, three times the code's
      // size (@sentry/cloudflare: 0.9 MB of code, 4 MB sent), and they go over the pool's socket to each runtime.
      // A failing test's stack still points into src/ and tests/, whose maps are kept.
      name: "no-dependency-source-maps",
      enforce: "post",
      transform(code, id) {
        // Vite keeps the loaded map when a transform returns the code unchanged: the added line break marks it
        // as transformed, and the empty map then replaces the dependency's.
        if (id.includes("/node_modules/.vite/")) return { code: `${code}\n`, map: { mappings: "" } };
      },
    },
  ],
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["./tests/setup.ts"],
    // Each pool worker is a workerd runtime that loads the whole worker (~8 s), once per file when isolated. Files
    // share their worker's runtime instead, and tests/setup.ts empties every binding's storage before each file.
    isolate: false,
    // A runtime runs its files one at a time and waits on its queues and timers meanwhile: two keep two cores busy
    // (on two cores, 90 s for the suite instead of Vitest's default of one worker, 130 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: importedPackages(),
          // msw/node imports Node built-ins, which workerd provides (nodejs_compat): leave them to the runtime.
          rolldownOptions: { external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)] },
        },
      },
    },
    // Transformed modules are kept in node_modules/.experimental-vitest-cache: a rerun skips most transforms.
    experimental: { fsModuleCache: true },
    // End-to-end tests wait for real queue consumers (one batch timeout per hop); a hook may be the first to load
    // pdf.js into the runtime, which on a cold module cache and a busy machine takes longer than the default 10 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Work a file leaves running (a queue consumer, a tracker's commit) can log or call back after that file's
    // runner has closed; Vitest reports the late call as an EnvironmentTeardownError. It is no test's failure: the
    // next file starts on emptied storage either way. Every other unhandled error still fails the run.
    onUnhandledError: (error) =>
      !(error.name === "EnvironmentTeardownError" && error.message.includes("Closing rpc while")),
    // One JSON line per request is the production log; in test output only warnings and errors matter.
    onConsoleLog: (log) => !log.includes('"level":"info"'),
    // V8's own counters, read from workerd's inspector: no instrumented copy of src/ to build, and no coverage map
    // sent after each file (istanbul's cost a run about a minute here).
    coverage: {
      provider: "v8",
      reporter: ["text-summary", "json-summary", "html"],
      include: ["src/**/*.ts"],
    },
  },
});
