// Scenario "gemini" (opt-in, --gemini): the same uploads with the Gemini engine against the fake Gemini
// server (scripts/fake-gemini.mjs) at a fixed per-call latency. Reports calls made against a send-everything
// design, wall time against the sequential estimate (calls × latency), the effective parallelism, and the
// latency of a second identical upload (a result-cache hit, which must make no call).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { allSentences, createApiClient } from "@french-novel-tool/client";
import { signIn } from "../../scripts/demo.mjs";
import { percentile, printTable, round } from "../lib/report.mjs";
import { startRuntime } from "../lib/runtime.mjs";
import { timeUpload } from "./end-to-end.mjs";

const FAKE_SERVER = "scripts/fake-gemini.mjs";
const CACHE_REPEATS = 5;
/**
 * The fake answers instantly at any rate, so the per-minute quota (GEMINI_MAX_RPM, 300 by default) is lifted:
 * otherwise later uploads wait for the quota window and the figures measure the quota, not the pipeline.
 * The concurrency gate (GEMINI_MAX_CONCURRENCY) keeps its configured value.
 */
const GEMINI_VARS = { GEMINI_API_KEY: "fake", GEMINI_MAX_RPM: "100000" };
const START_TIMEOUT_MS = 10_000;

/** A free loopback port (closed again before the fake server takes it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Starts the fake server; `calls` collects `{ start, end, items }` (epoch ms) for every request it answered,
 * read from its log lines ("<iso end> <model> items=N … <duration>ms").
 */
async function startFakeGemini(latencyMs) {
  const port = await freePort();
  const args = [FAKE_SERVER, "--port", String(port), "--latency-ms", String(latencyMs)];
  const child = spawn(process.execPath, args);
  const fake = { url: `http://127.0.0.1:${port}`, calls: [], stop: () => child.kill() };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the fake Gemini server did not start")),
      START_TIMEOUT_MS,
    );
    child.once("exit", (code) => reject(new Error(`the fake Gemini server exited (${code})`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const call = /^(\S+) \S+ items=(\d+) .* (\d+)ms$/.exec(line);
      if (call) {
        const end = Date.parse(call[1]);
        fake.calls.push({ start: end - Number(call[3]), end, items: Number(call[2]) });
      } else if (line.includes("listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return fake;
}

/** Calls in flight on average between the first call's start and the last one's end, and at the peak. */
function inFlight(calls) {
  if (calls.length === 0) return { average: null, peak: null };
  const span = Math.max(...calls.map((call) => call.end)) - Math.min(...calls.map((call) => call.start));
  const busy = calls.reduce((sum, call) => sum + call.end - call.start, 0);
  const edges = calls
    .flatMap((call) => [
      [call.start, 1],
      [call.end, -1],
    ])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, change] of edges) {
    current += change;
    peak = Math.max(peak, current);
  }
  return { average: busy / Math.max(span, 1), peak };
}

/** Source sentences of a completed job: one more than the highest `source_index` of its sentences. */
async function sourceSentenceCount(url, token, job) {
  const sentences = await allSentences(createApiClient({ baseUrl: url, token }), job.job_id);
  return sentences.reduce((highest, sentence) => Math.max(highest, sentence.source_index), -1) + 1;
}

/** One upload with Gemini: the calls the fake server saw, against what sending everything would cost. */
async function measureUpload(runtime, token, fake, document, latencyMs) {
  const first = fake.calls.length;
  const { job, wall, problem } = await timeUpload(runtime, token, document);
  if (problem) return { document: document.name, status: problem };
  const calls = fake.calls.slice(first);
  const sequential = (calls.length * latencyMs) / 1000;
  const { average, peak } = inFlight(calls);
  return {
    document: document.name,
    status: "completed",
    engine: job.engine,
    chunks: job.chunks.total,
    calls: calls.length,
    usage_calls: job.usage?.calls ?? null,
    items_sent: calls.reduce((sum, call) => sum + call.items, 0),
    source_sentences: await sourceSentenceCount(runtime.url, token, job),
    seconds: round(wall, 2),
    sequential_s: round(sequential, 2),
    parallelism: round(sequential / wall, 1),
    in_flight_avg: round(average, 1),
    in_flight_peak: peak,
  };
}

/** Repeats an identical upload: each should complete from the result cache without a call. */
async function measureCacheHits(runtime, token, fake, document) {
  const before = fake.calls.length;
  const walls = [];
  let allCached = true;
  for (let i = 0; i < CACHE_REPEATS; i++) {
    const { job, wall } = await timeUpload(runtime, token, document);
    walls.push(wall);
    allCached &&= job?.cached === true;
  }
  return {
    document: document.name,
    repeats: CACHE_REPEATS,
    p50_s: round(percentile(walls, 50), 3),
    calls: fake.calls.length - before,
    all_cached: allCached,
  };
}

/** Runs the scenario in its own runtime (the bundle with a Gemini key); `{ skipped }` when it cannot. */
export async function gemini({ scriptPath, vars, documents }, { latencyMs }) {
  if (!existsSync(FAKE_SERVER)) return { skipped: `${FAKE_SERVER} is absent` };
  const fake = await startFakeGemini(latencyMs);
  let runtime = null;
  try {
    runtime = await startRuntime({
      scriptPath,
      vars: { ...vars, ...GEMINI_VARS, GEMINI_BASE_URL: fake.url },
    });
    const token = await signIn(runtime.url, "bench-gemini@example.com", "Bench");
    const rows = [];
    for (const document of documents) {
      const row = await measureUpload(runtime, token, fake, document, latencyMs);
      console.log(`  ${document.name}: ${row.status}, ${row.calls ?? 0} calls`);
      if (row.status === "completed" && row.calls === 0) {
        return {
          skipped: `the pipeline does not call Gemini yet (job engine "${row.engine}", 0 calls reached the fake server with GEMINI_API_KEY set)`,
        };
      }
      rows.push(row);
    }
    const first = documents.find((_, i) => rows[i].status === "completed");
    const cacheHit = first ? await measureCacheHits(runtime, token, fake, first) : null;
    return { latency_ms: latencyMs, vars: GEMINI_VARS, rows, cache_hit: cacheHit };
  } finally {
    await runtime?.dispose();
    fake.stop();
  }
}

/** Prints the scenario's tables. */
export function printGemini(result) {
  printTable(
    `Gemini engine against the fake server (${result.latency_ms} ms per call, RPM quota lifted)`,
    [
      ["document", "document"],
      ["chunks", "chunks"],
      ["calls", "calls"],
      ["items_sent", "sentences sent"],
      ["source_sentences", "of (send-all)"],
      ["seconds", "wall s"],
      ["sequential_s", "sequential s"],
      ["parallelism", "parallelism"],
      ["in_flight_avg", "in flight avg"],
      ["in_flight_peak", "peak"],
      ["status", "status"],
    ],
    result.rows,
  );
  console.log(
    "  send-all: every source sentence sent (≥ 1 call per chunk); sequential = calls × latency;\n" +
      "  parallelism = sequential / wall (wall includes extraction and queue waits); in flight = during the calls",
  );
  if (result.cache_hit) {
    const hit = result.cache_hit;
    console.log(
      `  identical upload again (${hit.document}, ×${hit.repeats}): p50 ${hit.p50_s} s, ${hit.calls} calls, cached ${hit.all_cached}`,
    );
  }
}
