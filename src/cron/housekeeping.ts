import { purgeExpiredAuthRows } from "../auth/housekeeping";
import { type Config, ConfigError, requireConfig } from "../config";
import { createDb } from "../db/client";
import { purgeExpiredIdempotencyKeys } from "../jobs/creation/idempotency";
import { purgeDeletedJobs, sweepStalledJobs } from "../jobs/housekeeping";
import { describeError, log } from "../lib/logger";
import { reportError } from "../lib/sentry";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The cron's work: fail stalled jobs the watchdog missed, purge deleted history, drop expired keys and sessions. */
export async function runHousekeeping(env: Env, now: number = Date.now()): Promise<void> {
  let config: Config;
  try {
    config = requireConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The next run tries again; a stalled job meanwhile still fails through its tracker's own alarm.
    log("error", "housekeeping skipped: configuration invalid", { invalid_variables: error.invalid });
    return;
  }
  const db = createDb(env.DB);
  const tasks = {
    sweep_stalled_jobs: sweepStalledJobs(env, db, now - config.JOB_STALL_SECONDS * 1000, now),
    purge_deleted_jobs: purgeDeletedJobs(env, db, now - config.HISTORY_RETENTION_DAYS * DAY_MS),
    purge_idempotency_keys: purgeExpiredIdempotencyKeys(db, new Date(now)),
    purge_auth_rows: purgeExpiredAuthRows(db, new Date(now)),
  };
  const results = await Promise.allSettled(Object.values(tasks));
  for (const [i, task] of Object.keys(tasks).entries()) {
    const result = results[i];
    if (result?.status !== "rejected") continue;
    // One task failing leaves the others done; the next run tries it again.
    log("error", "housekeeping task failed", { task, ...describeError(result.reason) });
    reportError(result.reason, { tags: { cron_task: task } });
  }
}
