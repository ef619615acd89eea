// Scenario "limiter-cost": what the per-user request limiter costs on the hot path. The same authenticated
// `GET /api/v1/history` (an empty history, so both users cost D1 the same) is sent as two users of one runtime:
// one on a plan with a request limit (high enough never to refuse, so every request is counted through the
// RateLimiter leases) and one on a plan whose `requests_per_minute` is 0 (no limiter at all). Same count, same
// concurrency, after a warm-up, in rounds whose order alternates. Reports requests/s, p50/p95 and the ratio
// limiter on / off.
import { signIn } from "../../scripts/demo.mjs";
import { percentile, printTable, round } from "../lib/report.mjs";
import { startRuntime } from "../lib/runtime.mjs";
import { load } from "./api-ratio.mjs";

const WARM_UP_REQUESTS = 200;
const ROUNDS = 8;
const TARGET_RATIO = 0.8;
const UNLIMITED_EMAIL = "bench-unlimited@example.com";

/** The bench's plans plus an admin plan without a request limit; the unlimited user is made admin at sign-in. */
function limiterVars(vars) {
  const plans = JSON.parse(vars.PLANS ?? "{}");
  return {
    ...vars,
    PLANS: JSON.stringify({ ...plans, admin: { ...plans.admin, requests_per_minute: 0 } }),
    ADMIN_EMAILS: UNLIMITED_EMAIL,
  };
}

/** Measures history with the limiter on and off in one runtime started for this scenario. */
export async function limiterCost({ scriptPath, vars }, { requests, concurrency }) {
  const runtime = await startRuntime({ scriptPath, vars: limiterVars(vars) });
  try {
    const url = new URL("/api/v1/history", runtime.url);
    const users = [
      { case: "limiter on (plan limit, leased)", email: "bench-limited@example.com" },
      { case: "limiter off (requests_per_minute 0)", email: UNLIMITED_EMAIL },
    ];
    for (const user of users) {
      user.headers = { authorization: `Bearer ${await signIn(runtime.url, user.email, "Bench")}` };
      await load(url, user.headers, WARM_UP_REQUESTS, concurrency);
    }
    const totals = users.map(() => ({ latencies: [], ms: 0, failures: 0 }));
    for (let pass = 0; pass < ROUNDS; pass++) {
      const order = pass % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const run = await load(url, users[i].headers, Math.ceil(requests / ROUNDS), concurrency);
        totals[i].latencies.push(...run.latencies);
        totals[i].ms += run.ms;
        totals[i].failures += run.failures;
      }
    }
    const rows = users.map((user, i) => ({
      case: user.case,
      requests: totals[i].latencies.length,
      failures: totals[i].failures,
      requests_per_s: round(totals[i].latencies.length / (totals[i].ms / 1000), 0),
      p50_ms: round(percentile(totals[i].latencies, 50), 1),
      p95_ms: round(percentile(totals[i].latencies, 95), 1),
    }));
    const [on, off] = totals.map((total) => total.latencies.length / total.ms);
    return { concurrency, rows, ratio: round(on / off, 2), target_ratio: TARGET_RATIO };
  } finally {
    await runtime.dispose();
  }
}

/** Prints the two cases and the ratio against its target. */
export function printLimiterCost(result) {
  printTable(
    `Per-user request limiter: GET /api/v1/history (${result.rows[0]?.requests} requests each, concurrency ${result.concurrency})`,
    [
      ["case", "case"],
      ["requests_per_s", "req/s"],
      ["p50_ms", "p50 ms"],
      ["p95_ms", "p95 ms"],
      ["failures", "unexpected"],
    ],
    result.rows,
  );
  console.log(`  ratio limiter on / off ${result.ratio} (target ≥ ${result.target_ratio})`);
}
