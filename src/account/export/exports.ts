import { and, eq, inArray } from "drizzle-orm";
import type { Config } from "../../config";
import { createDb, type Database } from "../../db/client";
import { type AccountExport, accountExports } from "../../db/schema";
import { sendCoveredByCron } from "../../lib/cron-covered-send";
import { isUniqueViolation } from "../../lib/d1-errors";
import { ApiError } from "../../lib/errors";
import { sendAccountMessage } from "../producer";
import { downloadLink } from "./download-link";
import { EXPORT_FAILED_MESSAGE, EXPORT_RETENTION_DAYS, exportKey } from "./storage";

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (value: Date | null) => value?.toISOString() ?? null;

/**
 * Starts an export of the user's data: a pending row and a queue message; 409 while another export of theirs
 * is pending or running (the partial unique index decides, so two concurrent requests cannot both pass). A
 * message that could not be sent is left to the cron's re-drive of stalled exports.
 */
export async function requestAccountExport(
  env: Pick<Env, "ACCOUNT_QUEUE">,
  db: Database,
  userId: string,
  includePdfs: boolean,
): Promise<AccountExport> {
  let row: AccountExport | undefined;
  try {
    [row] = await db
      .insert(accountExports)
      .values({ id: crypto.randomUUID(), userId, includePdfs })
      .returning();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new ApiError("EXPORT_IN_PROGRESS", {
      detail: "An export of your data is already being prepared; follow it with GET /account/exports/{id}.",
    });
  }
  if (!row) throw new Error("export insert returned no row");
  const message = { type: "account.export", exportId: row.id } as const;
  await sendCoveredByCron(() => sendAccountMessage(env, message), "account export", { export_id: row.id });
  return row;
}

/** An export by id whoever owns it (the download link is checked against its owner), or 404. */
export async function findExport(db: Database, exportId: string): Promise<AccountExport> {
  const row = await db.query.accountExports.findFirst({ where: eq(accountExports.id, exportId) });
  if (!row) throw new ApiError("NOT_FOUND", { detail: `No export ${exportId}.` });
  return row;
}

/** One of the user's exports, or 404 — also for another user's, so ids reveal nothing. */
export async function findOwnedExport(
  db: Database,
  userId: string,
  exportId: string,
): Promise<AccountExport> {
  const row = await db.query.accountExports.findFirst({
    where: and(eq(accountExports.id, exportId), eq(accountExports.userId, userId)),
  });
  if (!row) throw new ApiError("NOT_FOUND", { detail: `No export ${exportId}.` });
  return row;
}

/** The wire view of an export; a completed one carries a fresh download link. */
export async function exportView(config: Pick<Config, "JWT_SECRET">, row: AccountExport, now = Date.now()) {
  const completed = row.status === "completed";
  return {
    export_id: row.id,
    status: row.status,
    include_pdfs: row.includePdfs,
    size_bytes: row.sizeBytes,
    file_count: row.fileCount,
    error: row.errorCode ? { error_code: row.errorCode, message: row.errorMessage ?? "" } : null,
    created_at: row.createdAt.toISOString(),
    completed_at: iso(row.completedAt),
    expires_at: row.completedAt
      ? new Date(row.completedAt.getTime() + EXPORT_RETENTION_DAYS * DAY_MS).toISOString()
      : null,
    download: completed ? await downloadLink(config, row.id, row.userId, now) : null,
    links: { self: `/api/v1/account/exports/${row.id}` },
  };
}

/** The ZIP of a completed export to stream to its owner; 409 until it is completed. */
export async function openExportZip(bucket: R2Bucket, row: AccountExport): Promise<R2ObjectBody> {
  const object = row.status === "completed" && row.objectKey ? await bucket.get(row.objectKey) : null;
  if (!object) {
    throw new ApiError("EXPORT_NOT_READY", {
      detail:
        row.status === "failed"
          ? "This export failed; ask for a new one."
          : `The export is ${row.status}; try again once it is completed.`,
    });
  }
  return object;
}

/**
 * Fails an export whose every run crashed (dead-lettered), so its owner may ask for a new one, and aborts the
 * multipart upload its last run left open, whose parts would otherwise wait for R2's lifecycle rule.
 */
export async function markExportFailed(env: Pick<Env, "DB" | "PDF_BUCKET">, exportId: string): Promise<void> {
  const db = createDb(env.DB);
  const open = and(eq(accountExports.id, exportId), inArray(accountExports.status, ["pending", "running"]));
  const row = await db.query.accountExports.findFirst({ where: open });
  if (!row) return;
  await db
    .update(accountExports)
    .set({
      status: "failed",
      uploadId: null,
      errorCode: "EXPORT_FAILED",
      errorMessage: EXPORT_FAILED_MESSAGE,
    })
    .where(open);
  if (row.uploadId) {
    await env.PDF_BUCKET.resumeMultipartUpload(exportKey(row.userId, row.id), row.uploadId)
      .abort()
      .catch(() => undefined);
  }
}
