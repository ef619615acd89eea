// The production-like local runtime of the benchmark: the built bundle (dist/worker.js) run by Miniflare in
// workerd with every top-level binding of wrangler.jsonc (D1, R2, KV, queue producers and consumers with their
// batch settings, SQLite-backed Durable Objects), persistence in a temporary folder and the D1 migrations
// applied before any request. No `wrangler dev`, no dev proxy: requests go straight to workerd on loopback.
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { workerdPids } from "./memory.mjs";

/** Builds the bundle exactly as `npm run build` does; returns the path of the ES module. */
export function buildBundle(outdir = "dist") {
  const result = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  if (result.status !== 0) throw new Error(`wrangler build failed:\n${result.stderr || result.stdout}`);
  return join(outdir, "worker.js");
}

/** Miniflare (v4-style) options for the top level of wrangler.jsonc, running `scriptPath` with `vars` added. */
function optionsFromWrangler(config, scriptPath, vars) {
  const sqliteClasses = new Set(config.migrations.flatMap((migration) => migration.new_sqlite_classes ?? []));
  const byBinding = (list, value) => Object.fromEntries(list.map((item) => [item.binding, value(item)]));
  return {
    // The bundle is one ES module (wrangler inlines the lazily imported pdf.js).
    modules: true,
    modulesRoot: dirname(resolve(scriptPath)),
    scriptPath,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { ...config.vars, ...vars },
    d1Databases: byBinding(config.d1_databases, (db) => db.database_id),
    r2Buckets: byBinding(config.r2_buckets, (bucket) => bucket.bucket_name),
    kvNamespaces: byBinding(config.kv_namespaces, (namespace) => namespace.id),
    queueProducers: byBinding(config.queues.producers ?? [], (queue) => ({ queueName: queue.queue })),
    queueConsumers: Object.fromEntries(
      (config.queues.consumers ?? []).map((consumer) => [
        consumer.queue,
        {
          maxBatchSize: consumer.max_batch_size,
          maxBatchTimeout: consumer.max_batch_timeout,
          maxRetries: consumer.max_retries,
          deadLetterQueue: consumer.dead_letter_queue,
        },
      ]),
    ),
    durableObjects: Object.fromEntries(
      config.durable_objects.bindings.map((binding) => [
        binding.name,
        { className: binding.class_name, useSQLite: sqliteClasses.has(binding.class_name) },
      ]),
    ),
  };
}

/** Applies migrations/*.sql in order (drizzle-kit separates statements with `--> statement-breakpoint`). */
async function applyMigrations(mf, bindingName, migrationsDir) {
  const db = await mf.getD1Database(bindingName);
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith(".sql")).sort();
  for (const file of files) {
    const sql = await readFile(join(migrationsDir, file), "utf8");
    const statements = sql
      .split("--> statement-breakpoint")
      .map((statement) => statement.trim())
      .filter(Boolean);
    await db.batch(statements.map((statement) => db.prepare(statement)));
  }
  return files.length;
}

/** Worker log lines at warn or error are worth seeing; the per-request info lines are not. */
function printWarnings({ level, message }) {
  if (level === "warn" || level === "error" || /"level":"(warn|error)"/.test(message)) {
    console.error(`  [workerd ${level}] ${message.slice(0, 300)}`);
  }
}

/**
 * Starts the bundle in workerd. Returns `{ url, pid, migrations, dispose }`: the loopback base URL, the pid of
 * the workerd process (for memory sampling) and a dispose that stops it and deletes the persisted state.
 * With `persistDir`, the state lives in that folder and outlives `dispose` (a restart starts again on it, with
 * `migrate: false` since its migrations are applied); queued messages do not, as in `wrangler dev`.
 */
export async function startRuntime({ scriptPath, vars = {}, persistDir: given, migrate = true }) {
  const config = unstable_readConfig({ config: "wrangler.jsonc" });
  const persistDir = given ?? (await mkdtemp(join(tmpdir(), "fnt-bench-")));
  const before = new Set(workerdPids());
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      logRequests: false,
      resourcePersistencePath: persistDir,
      handleStructuredLogs: printWarnings,
      ...optionsFromWrangler(config, scriptPath, vars),
    }),
  );
  const dispose = async () => {
    await mf.dispose();
    if (!given) await rm(persistDir, { recursive: true, force: true });
  };
  try {
    const url = await mf.ready;
    const [database] = config.d1_databases;
    const migrations = migrate
      ? await applyMigrations(mf, database.binding, database.migrations_dir ?? "migrations")
      : 0;
    const pid = workerdPids().find((candidate) => !before.has(candidate)) ?? null;
    return { url: url.href, pid, migrations, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
