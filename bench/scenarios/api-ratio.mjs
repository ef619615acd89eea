// Scenario "api-ratio": the authenticated, database-backed `GET /api/v1/history` against the bare
// `GET /health` (no auth, no database) in the same runtime: the same number of requests at the same
// concurrency, after a warm-up, in rounds whose order alternates. Reports requests/s, p50/p95 latency and the
// ratio of history's throughput to the bare route's. A third route, the same history request refused by
// validation after authentication (before its one D1 query), attributes the difference: auth and the
// framework, or the database round trip. A fourth, the same history request sending back the ETag of the page
// (304 Not Modified: the user's history version is read, the page is not), is what a polling client costs
// while nothing changed.
import { percentile, printTable, round } from "../lib/report.mjs";

const WARM_UP_REQUESTS = 200;
const ROUNDS = 8;
const TARGET_RATIO = 0.5;
/** The p95 latency a route may reach, as a multiple of the bare route's, to meet the target. */
const TARGET_P95_FACTOR = 2;

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

/**
 * How many entries history lists and the page's ETag, or why it cannot be measured yet (it does not answer
 * 200).
 */
async function probeHistory(url, headers) {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.status === 200) {
    const etag = response.headers.get("etag");
    return { items: JSON.parse(body).items?.length ?? null, etag, skipped: null };
  }
  const code = /"error_code":"([A-Z_]+)"/.exec(body)?.[1] ?? "";
  return {
    items: null,
    etag: null,
    skipped: `GET /api/v1/history answered ${response.status} ${code}: not measurable yet (re-run once the route exists)`,
  };
}

/** A route's throughput against the bare route's, and whether it meets the target (ratio and p95). */
function versusBare(row, total, bare, bareTotal) {
  if (!row) return null;
  const ratio = round(total.latencies.length / total.ms / (bareTotal.latencies.length / bareTotal.ms), 2);
  const p95Factor = round(row.p95_ms / bare.p95_ms, 2);
  return { ratio, p95_factor: p95Factor, meets: ratio >= TARGET_RATIO && p95Factor <= TARGET_P95_FACTOR };
}

/**
 * Measures the routes; history is skipped (bare route still measured) when it does not answer 200, and its
 * 304 row when the page carries no ETag.
 */
export async function apiRatio({ runtime, token }, { requests, concurrency }) {
  const auth = { authorization: `Bearer ${token}` };
  const historyUrl = new URL("/api/v1/history", runtime.url);
  const { items, etag, skipped } = await probeHistory(historyUrl, auth);
  const routes = [
    { key: "bare", route: "GET /health", url: new URL("/health", runtime.url), headers: {} },
    { key: "history", route: "GET /api/v1/history", url: historyUrl, headers: auth },
    {
      key: "before_db",
      route: "GET /api/v1/history?limit=0 (422 before D1)",
      url: new URL("/api/v1/history?limit=0", runtime.url),
      headers: auth,
      expected: 422,
    },
    ...(etag
      ? [
          {
            key: "not_modified",
            route: "GET /api/v1/history (If-None-Match → 304)",
            url: historyUrl,
            headers: { ...auth, "if-none-match": etag },
            expected: 304,
          },
        ]
      : []),
  ];
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
  const against = Object.fromEntries(
    measured.slice(1).map(({ key }, i) => [key, versusBare(rows[i + 1], totals[i + 1], rows[0], totals[0])]),
  );
  return {
    concurrency,
    history_items: items,
    rows,
    ratio: against.history?.ratio ?? null,
    ratio_without_db: against.before_db?.ratio ?? null,
    versus_bare: against,
    target_ratio: TARGET_RATIO,
    target_p95_factor: TARGET_P95_FACTOR,
    skipped,
    skipped_not_modified: skipped || etag ? null : "the history page carried no ETag",
  };
}

/** One line per measured route: its ratio and p95 against the bare route, and whether it meets the target. */
function printVersusBare(result) {
  const labels = {
    history: "history (200, one D1 query)",
    before_db: "the same request stopped before D1",
    not_modified: "history with If-None-Match (304, no D1 query)",
  };
  for (const [key, label] of Object.entries(labels)) {
    const figures = result.versus_bare?.[key];
    if (!figures) continue;
    console.log(
      `  ${label} / bare: ratio ${figures.ratio}, p95 ${figures.p95_factor}× — ${figures.meets ? "meets" : "misses"} the target`,
    );
  }
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
  if (result.skipped) {
    console.log(`  history skipped: ${result.skipped}`);
    return;
  }
  console.log(
    `  target: ratio ≥ ${result.target_ratio} with p95 ≤ ${result.target_p95_factor}× the bare route's; history lists ${result.history_items} jobs`,
  );
  printVersusBare(result);
  if (result.skipped_not_modified) console.log(`  304 row skipped: ${result.skipped_not_modified}`);
}
