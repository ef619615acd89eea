const CHECK_TIMEOUT_MS = 3000;

export interface CheckResult {
  status: "ok" | "down";
  latency_ms: number;
  error?: string;
}

async function timed(probe: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: "ok", latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: "down",
      latency_ms: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

type Bindings = Pick<
  Env,
  "DB" | "PDF_BUCKET" | "RESULT_CACHE" | "JOB_TRACKER" | "JOB_QUEUE" | "WEBHOOK_QUEUE"
>;

/** Probes every binding the API depends on, in parallel, each bounded by a timeout. */
export async function checkDependencies(env: Bindings) {
  const [d1, r2, kv, job_tracker, queues] = await Promise.all([
    timed(() => env.DB.prepare("SELECT 1").first()),
    timed(() => env.PDF_BUCKET.head("health/probe")),
    timed(() => env.RESULT_CACHE.get("health:probe")),
    timed(async () => {
      const stub = env.JOB_TRACKER.get(env.JOB_TRACKER.idFromName("health-probe"));
      const answer = await stub.ping();
      if (answer !== "pong") throw new Error("unexpected answer");
    }),
    // Sending a probe message would cost a real message per check; a bound producer is what can be verified.
    timed(async () => {
      for (const [name, queue] of [
        ["JOB_QUEUE", env.JOB_QUEUE],
        ["WEBHOOK_QUEUE", env.WEBHOOK_QUEUE],
      ] as const) {
        if (typeof queue?.send !== "function") throw new Error(`${name} is not bound`);
      }
    }),
  ]);
  const checks = { d1, r2, kv, job_tracker, queues };
  const healthy = Object.values(checks).every((check) => check.status === "ok");
  return { status: healthy ? ("ok" as const) : ("degraded" as const), checks };
}
