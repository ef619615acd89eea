#!/usr/bin/env node
// `npm run bench`: builds the bundle, runs it in workerd with Miniflare (every binding of wrangler.jsonc, fresh
// state in a temporary folder) and measures the scenarios below, printing tables and saving everything to
// bench/results/<timestamp>.json. Timings are printed, never asserted: on a small shared machine they are noisy.
//
//   npm run bench [-- --gemini] [--only end-to-end,api-ratio] [--pages 10,100,300]
//                 [--requests 2000] [--concurrency 16] [--latency-ms 200]
//
// Add a scenario by appending to SCENARIOS: `run(context, options)` returns a JSON-able result (or
// `{ skipped: "why" }`), `print(result)` shows it. `runtime: true` scenarios share one started bundle.
import { execSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { signIn } from "../scripts/demo.mjs";
import { benchDocuments } from "./lib/documents.mjs";
import { rssMb } from "./lib/memory.mjs";
import { round } from "./lib/report.mjs";
import { buildBundle, startRuntime } from "./lib/runtime.mjs";
import { apiRatio, printApiRatio } from "./scenarios/api-ratio.mjs";
import { endToEnd, printEndToEnd } from "./scenarios/end-to-end.mjs";
import { gemini, printGemini } from "./scenarios/gemini.mjs";
import { limiterCost, printLimiterCost } from "./scenarios/limiter-cost.mjs";
import { offlineEngine, printOfflineEngine } from "./scenarios/offline-engine.mjs";
import { printQuality, quality } from "./scenarios/quality.mjs";
import { printRestart, restart } from "./scenarios/restart.mjs";

const SCENARIOS = [
  { name: "offline-engine", runtime: false, run: offlineEngine, print: printOfflineEngine },
  { name: "quality", runtime: false, run: quality, print: printQuality },
  { name: "end-to-end", runtime: true, run: endToEnd, print: printEndToEnd },
  // After end-to-end, so the history it lists holds that run's jobs.
  { name: "api-ratio", runtime: true, run: apiRatio, print: printApiRatio },
  // Its own runtime, with an unlimited plan beside a limited one.
  { name: "limiter-cost", runtime: false, run: limiterCost, print: printLimiterCost },
  { name: "gemini", runtime: false, optIn: true, run: gemini, print: printGemini },
  // Starts and stops its own runtime, on a state folder of its own.
  { name: "restart", runtime: false, run: restart, print: printRestart },
];

/** Variables of the benchmarked bundle on top of wrangler.jsonc's [vars]. */
const VARS = {
  ENVIRONMENT: "development",
  DEV_LOGIN: "true",
  // The bench user runs every document of every scenario and thousands of requests a minute: no plan limit
  // may stop it (the limiters still count every request).
  PLANS: JSON.stringify({
    user: {
      requests_per_minute: 100_000_000,
      uploads_per_hour: 100_000,
      pages_per_month: 100_000_000,
      max_pages_per_pdf: 1000,
      max_concurrent_jobs: 1000,
      gemini_pages_per_month: 100_000_000,
    },
  }),
  ANONYMOUS_REQUESTS_PER_MINUTE: "100000000",
};

function parseOptions() {
  const { values } = parseArgs({
    options: {
      gemini: { type: "boolean", default: false },
      only: { type: "string" },
      pages: { type: "string", default: "10,100,300" },
      requests: { type: "string", default: "2000" },
      concurrency: { type: "string", default: "16" },
      "latency-ms": { type: "string", default: "200" },
    },
  });
  return {
    gemini: values.gemini,
    only: values.only ? new Set(values.only.split(",")) : null,
    pages: values.pages.split(",").map(Number),
    requests: Number(values.requests),
    concurrency: Number(values.concurrency),
    latencyMs: Number(values["latency-ms"]),
  };
}

function machine() {
  const commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  const dirty = execSync("git status --porcelain", { encoding: "utf8" }).trim() !== "";
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? "unknown",
    memory_gb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: process.platform,
    commit: dirty ? `${commit} (uncommitted changes)` : commit,
  };
}

/** Whether a scenario runs: opt-in ones only with their flag, and only the listed ones with --only. */
const selected = (scenario, options) =>
  (!scenario.optIn || options[scenario.name]) && (!options.only || options.only.has(scenario.name));

async function main() {
  const options = parseOptions();
  const scenarios = SCENARIOS.filter((scenario) => selected(scenario, options));
  const workDir = await mkdtemp(join(tmpdir(), "fnt-bench-pdfs-"));
  const results = { date: new Date().toISOString(), machine: machine(), options, scenarios: {} };
  let runtime = null;
  try {
    console.log("Building the bundle (wrangler deploy --dry-run --outdir dist)…");
    const scriptPath = buildBundle();
    const { documents, note } = await benchDocuments(options.pages, workDir);
    if (note) console.log(note);
    const context = { scriptPath, vars: VARS, documents, workDir, runtime: null, token: null };
    for (const scenario of scenarios) {
      if (scenario.runtime && !runtime) {
        runtime = await startRuntime({ scriptPath, vars: VARS });
        results.runtime = { migrations: runtime.migrations, idle_rss_mb: round(rssMb(runtime.pid), 0) };
        console.log(
          `workerd (pid ${runtime.pid}) at ${runtime.url}, ${runtime.migrations} migrations applied`,
        );
        Object.assign(context, { runtime, token: await signIn(runtime.url, "bench@example.com", "Bench") });
      }
      console.log(`\n▶ ${scenario.name}`);
      const result = await scenario.run(context, options).catch((error) => ({ error: error.stack }));
      results.scenarios[scenario.name] = result;
      if (result.skipped) console.log(`  skipped: ${result.skipped}`);
      else if (result.error) console.log(`  failed: ${result.error}`);
      else scenario.print(result);
    }
  } finally {
    await runtime?.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
  await mkdir("bench/results", { recursive: true });
  const file = join("bench/results", `${results.date.replaceAll(":", "-")}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\nSaved ${file} (${results.machine.cpus} CPUs, ${results.machine.cpu_model}, Node ${process.version})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
