import { purgeExpiredExports, redriveAccountWork } from "../account/housekeeping";
import { purgeExpiredAuthRows } from "../auth/housekeeping";
import { sweepBatches } from "../batches/settle-batch";
import { type Config, ConfigError, requireConfig } from "../config";
import { createDb, type Database } from "../db/client";
import { redriveStalledExports } from "../exports/housekeeping";
import { purgeExpiredIdempotencyKeys } from "../jobs/creation/idempotency";
import { purgeExpiredEventTickets } from "../jobs/event-tickets";
import { purgeDeletedJobs, purgeUnusedPdfs, sweepStalledJobs } from "../jobs/housekeeping";
import { watchdogWindows } from "../jobs/tracker/watchdog";
import { describeError, log } from "../lib/logger";
import { reportError } from "../lib/sentry";
import { webhookHousekeeping } from "../webhooks/housekeeping";

const DAY_MS = 24 * 60 * 60 * 1000;

/** One task of a run: what it did, as a count or counts by kind. */
type Task = () => Promise<number | object>;

function tasks(env: Env, db: Database, config: Config, now: number): Record<string, Task> {
  return {
    sweep_stalled_jobs: () => sweepStalledJobs(env, db, watchdogWindows(config), now),
    redrive_stalled_exports: () =>
      redriveStalledExports(env, db, now - config.EXPORT_STALL_SECONDS * 1000, now),
    purge_deleted_jobs: () => purgeDeletedJobs(env, db, now - config.HISTORY_RETENTION_DAYS * DAY_MS),
    purge_unused_pdfs: () => purgeUnusedPdfs(env, db, now - config.PDF_RETENTION_DAYS * DAY_MS, now),
    purge_idempotency_keys: () => purgeExpiredIdempotencyKeys(db, new Date(now)),
    purge_auth_rows: () => purgeExpiredAuthRows(db, new Date(now)),
    purge_event_tickets: () => purgeExpiredEventTickets(db, new Date(now)),
    sweep_batches: () => sweepBatches(env, db, now),
    webhook_housekeeping: () => webhookHousekeeping(env, db, now),
    purge_account_exports: () => purgeExpiredExports(env, db, now),
    redrive_account_work: () => redriveAccountWork(env, db, now),
  };
}

/**
 * The cron's work: re-drive or fail stalled jobs the watchdog missed, redrive (or fail) exports without
 * progress, purge deleted history and unused PDFs, drop expired keys, sessions, event tickets and data exports,
 * settle batches and re-announce their end if it was lost, purge old webhook deliveries and re-queue those whose
 * message was lost, re-drive stalled data exports and account deletions. Tasks run side by side (one failing
 * does not stop the others); the run ends in one log line with what each task did.
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
  const entries = Object.entries(tasks(env, createDb(env.DB), config, now));
  const results = await Promise.allSettled(entries.map(([, task]) => task()));
  const report: Record<string, unknown> = {};
  const failed: string[] = [];
  results.forEach((result, index) => {
    const name = entries[index]?.[0] ?? "";
    if (result.status === "fulfilled") report[name] = result.value;
    else {
      failed.push(name);
      // One task failing leaves the others done; the next run tries it again.
      log("error", "housekeeping task failed", { task: name, ...describeError(result.reason) });
      reportError(result.reason, { tags: { cron_task: name } });
    }
  });
  log(failed.length > 0 ? "warn" : "info", "housekeeping run", { removed: report, failed });
}
