import type { Database } from "../db/client";
import { log } from "../lib/logger";
import { announceExport, finishExport, hasEnded } from "./export-outcome";
import { countRedrive, findNeglectedExports } from "./export-store";
import { enqueueExport } from "./queue/producer";

/** Times an export without progress is sent to the queue again before it fails EXPORT_STALLED. */
export const MAX_REDRIVES = 3;
const BATCH = 50;

/**
 * Looks after exports nobody is: an open export with no progress since `before` (its message lost, its delivery
 * killed) is sent to the queue again, at most MAX_REDRIVES times, then failed `EXPORT_STALLED`; an ended export
 * whose `export.finished` did not go out is announced again.
 */
export async function redriveStalledExports(
  env: Pick<Env, "EXPORT_QUEUE" | "EVENT_BUS">,
  db: Database,
  before: number,
  now = Date.now(),
): Promise<number> {
  const neglected = await findNeglectedExports(db, new Date(before), BATCH);
  for (const row of neglected) {
    if (hasEnded(row)) await announceExport(env, db, row);
    else if (row.redrives >= MAX_REDRIVES) {
      await finishExport(env, db, row.id, {
        status: "failed",
        errorCode: "EXPORT_STALLED",
        errorMessage: `The export made no progress after ${MAX_REDRIVES} new attempts. Export again to try again.`,
      });
    } else if (await countRedrive(db, row, new Date(now))) {
      await enqueueExport(env, row.id);
    }
  }
  if (neglected.length > 0) log("info", "neglected exports looked after", { exports: neglected.length });
  return neglected.length;
}
