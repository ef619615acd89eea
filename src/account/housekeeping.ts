import { and, eq, inArray, lt, ne, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { accountDeletions, accountExports } from "../db/schema";
import { EXPORT_STALL_MS } from "./export/run-export";
import { EXPORT_RETENTION_DAYS } from "./export/storage";
import { sendAccountMessage } from "./producer";

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 50;

/** A deletion that has not moved for this long (its message lost, or failed for good) is sent again. */
export const DELETION_STALL_MS = 15 * 60 * 1000;

/**
 * Sends a fresh message for every export and deletion that stopped moving (a lost message, a crashed run, a
 * deletion that failed on its last delivery): none stays pending forever. Returns how many were re-driven.
 */
export async function redriveAccountWork(env: Pick<Env, "ACCOUNT_QUEUE">, db: Database, now: number) {
  const exports = await db
    .select({ id: accountExports.id })
    .from(accountExports)
    .where(
      and(
        inArray(accountExports.status, ["pending", "running"]),
        lt(accountExports.updatedAt, new Date(now - EXPORT_STALL_MS)),
      ),
    )
    .limit(BATCH);
  for (const { id } of exports) await sendAccountMessage(env, { type: "account.export", exportId: id });
  const deletions = await db
    .select({ userId: accountDeletions.userId })
    .from(accountDeletions)
    .where(
      and(
        ne(accountDeletions.status, "completed"),
        lt(accountDeletions.updatedAt, new Date(now - DELETION_STALL_MS)),
      ),
    )
    .limit(BATCH);
  for (const { userId } of deletions) await sendAccountMessage(env, { type: "account.delete", userId });
  return { exports: exports.length, deletions: deletions.length };
}

/** Removes exports older than EXPORT_RETENTION_DAYS: the ZIP and the row. Returns how many. */
export async function purgeExpiredExports(env: Pick<Env, "PDF_BUCKET">, db: Database, now: number) {
  const cutoff = new Date(now - EXPORT_RETENTION_DAYS * DAY_MS);
  const expired = await db
    .select()
    .from(accountExports)
    .where(
      or(
        and(eq(accountExports.status, "completed"), lt(accountExports.completedAt, cutoff)),
        and(eq(accountExports.status, "failed"), lt(accountExports.createdAt, cutoff)),
      ),
    )
    .limit(BATCH);
  for (const row of expired) {
    if (row.objectKey) await env.PDF_BUCKET.delete(row.objectKey);
    await db.delete(accountExports).where(eq(accountExports.id, row.id));
  }
  return expired.length;
}
