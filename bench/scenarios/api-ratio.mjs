// Scenario "api-ratio": the authenticated, database-backed `GET /api/v1/history` against the bare
// `GET /health` (no auth, no database) in the same runtime: the same number of requests at the same
// concurrency, after a warm-up, in rounds whose order alternates. Reports requests/s, p50/p95 latency and the
// ratio of history's throughput to the bare route's. A third route, the same history request refused by
// validation after authentication (before its one D1 query), attributes the difference: auth and the
// framework, or the database round trip.
import { percentile, printTable, round } from "../lib/report.mjs";

const WARM_UP_REQUESTS = 200;
const ROUNDS = 8;
const TARGET_RATIO = 0.5;

/** Sends `count` GETs with `concurrency` in flight; returns each latency (ms), the wall time and failures. */
export async function load(url, headers, count, concurrency, expected = 200) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const started = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      if (response.status !== expected) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, ms: performance.now() - started, failures };
}

/** How many entries history lists, or why it cannot be measured yet (it does not answer 200). */
async function probeHistory(url, headers) {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.status === 200) return { items: JSON.parse(body).items?.length ?? null, skipped: null };
  const code = /"error_code":"([A-Z_]+)"/.exec(body)?.[1] ?? "";
  return {
    items: null,
    skipped: `GET /api/v1/history answered ${response.status} ${code}: not measurable yet (re-run once the route exists)`,
  };
}

/** Measures both routes; history is skipped (bare route still measured) when it does not answer 200. */
export async function apiRatio({ runtime, token }, { requests, concurrency }) {
  const routes = [
    { route: "GET /health", url: new URL("/health", runtime.url), headers: {} },
    {
      route: "GET /api/v1/history",
      url: new URL("/api/v1/history", runtime.url),
      headers: { authorization: `Bearer ${token}` },
    },
    {
      route: "GET /api/v1/history?limit=0 (422 before D1)",
      url: new URL("/api/v1/history?limit=0", runtime.url),
      headers: { authorization: `Bearer ${token}` },
      expected: 422,
    },
  ];
  const { items, skipped } = await probeHistory(routes[1].url, routes[1].headers);
  const measured = skipped ? routes.slice(0, 1) : routes;
  for (const { url, headers, expected } of measured)
    await load(url, headers, WARM_UP_REQUESTS, concurrency, expected);
  const totals = measured.map(() => ({ latencies: [], ms: 0, failures: 0 }));
  for (let pass = 0; pass < ROUNDS; pass++) {
    const order = pass % 2 === 0 ? [...measured.keys()] : [...measured.keys()].reverse();
    for (const i of order) {
      const { latencies, ms, failures } = await load(
        measured[i].url,
        measured[i].headers,
        Math.ceil(requests / ROUNDS),
        concurrency,
        measured[i].expected,
      );
      totals[i].latencies.push(...latencies);
      totals[i].ms += ms;
      totals[i].failures += failures;
    }
  }
  const rows = measured.map(({ route }, i) => ({
    route,
    requests: totals[i].latencies.length,
    failures: totals[i].failures,
    requests_per_s: round(totals[i].latencies.length / (totals[i].ms / 1000), 0),
    p50_ms: round(percentile(totals[i].latencies, 50), 1),
    p95_ms: round(percentile(totals[i].latencies, 95), 1),
  }));
  const throughput = totals.map((total) => total.latencies.length / total.ms);
  const ratio = throughput[1] ? round(throughput[1] / throughput[0], 2) : null;
  const ratioWithoutDb = throughput[2] ? round(throughput[2] / throughput[0], 2) : null;
  return {
    concurrency,
    history_items: items,
    rows,
    ratio,
    ratio_without_db: ratioWithoutDb,
    target_ratio: TARGET_RATIO,
    skipped,
  };
}

/** Prints the scenario's table, the ratio and its target. */
export function printApiRatio(result) {
  printTable(
    `API: authenticated history vs the bare route (${result.rows[0]?.requests} requests each, concurrency ${result.concurrency})`,
    [
      ["route", "route"],
      ["requests_per_s", "req/s"],
      ["p50_ms", "p50 ms"],
      ["p95_ms", "p95 ms"],
      ["failures", "unexpected"],
    ],
    result.rows,
  );
  if (result.skipped) console.log(`  history skipped: ${result.skipped}`);
  else {
    console.log(
      `  ratio history/bare ${result.ratio} (target ≥ ${result.target_ratio}); history lists ${result.history_items} jobs`,
    );
    console.log(`  ratio of the same request stopped before D1 / bare ${result.ratio_without_db}`);
  }
}
