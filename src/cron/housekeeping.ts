import { purgeExpiredAuthRows } from "../auth/housekeeping";
import { sweepBatches } from "../batches/settle-batch";
import { type Config, ConfigError, requireConfig } from "../config";
import { createDb } from "../db/client";
import { redriveStalledExports } from "../exports/housekeeping";
import { purgeExpiredIdempotencyKeys } from "../jobs/creation/idempotency";
import { purgeExpiredEventTickets } from "../jobs/event-tickets";
import { purgeDeletedJobs, sweepStalledJobs } from "../jobs/housekeeping";
import { watchdogWindows } from "../jobs/tracker/watchdog";
import { describeError, log } from "../lib/logger";
import { reportError } from "../lib/sentry";
import { webhookHousekeeping } from "../webhooks/housekeeping";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The cron's work: re-drive or fail stalled jobs the watchdog missed, redrive (or fail) exports without
 * progress, purge deleted history, drop expired keys and sessions, settle batches and re-announce their end
 * if it was lost, purge old webhook deliveries and re-queue those whose message was lost.
 */
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
    sweep_stalled_jobs: sweepStalledJobs(env, db, watchdogWindows(config), now),
    redrive_stalled_exports: redriveStalledExports(env, db, now - config.EXPORT_STALL_SECONDS * 1000, now),
    purge_deleted_jobs: purgeDeletedJobs(env, db, now - config.HISTORY_RETENTION_DAYS * DAY_MS),
    purge_idempotency_keys: purgeExpiredIdempotencyKeys(db, new Date(now)),
    purge_auth_rows: purgeExpiredAuthRows(db, new Date(now)),
    purge_event_tickets: purgeExpiredEventTickets(db, new Date(now)),
    sweep_batches: sweepBatches(env, db, now),
    webhook_housekeeping: webhookHousekeeping(env, db, now),
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
