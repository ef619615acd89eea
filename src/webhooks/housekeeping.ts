import type { Database } from "../db/client";
import { purgeDeliveries, resumeOverdueDeliveries } from "./deliveries";
import { enqueueDeliveries } from "./queue/producer";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Delivery log rows are kept this long after their last change. */
const DELIVERY_RETENTION_DAYS = 30;
/** A pending delivery this late past its next attempt has lost its queue message. */
const OVERDUE_MARGIN_MS = 15 * 60 * 1000;
/** Rows each cron run touches at most, so one run stays short whatever piled up. */
const PURGE_LIMIT = 500;
const RESUME_LIMIT = 50;

/** The cron's part: drops delivery rows older than 30 days, and re-queues deliveries whose message was lost. */
export async function webhookHousekeeping(
  env: Pick<Env, "WEBHOOK_QUEUE">,
  db: Database,
  now: number,
): Promise<{ purged: number; resumed: number }> {
  const purged = await purgeDeliveries(db, new Date(now - DELIVERY_RETENTION_DAYS * DAY_MS), PURGE_LIMIT);
  const resumed = await resumeOverdueDeliveries(db, new Date(now - OVERDUE_MARGIN_MS), RESUME_LIMIT);
  await enqueueDeliveries(env, resumed);
  return { purged, resumed: resumed.length };
}
