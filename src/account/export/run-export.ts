import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Config } from "../../config";
import { createDb, type Database } from "../../db/client";
import { type AccountExport, accountExports } from "../../db/schema";
import { log } from "../../lib/logger";
import { exportZip } from "./build-zip";
import { EXPORT_FAILED_MESSAGE, exportKey } from "./storage";
import { uploadStream } from "./upload";

/** A run that has not stored a part for this long is presumed dead: the cron re-drives it, a new run takes over. */
export const EXPORT_STALL_MS = 10 * 60 * 1000;

/** Takes an export for one run: a pending one, or a running one whose run stopped moving. */
async function claim(db: Database, exportId: string, now: number): Promise<AccountExport | undefined> {
  const [row] = await db
    .update(accountExports)
    .set({ status: "running", attempts: sql`${accountExports.attempts} + 1`, updatedAt: new Date(now) })
    .where(
      and(
        eq(accountExports.id, exportId),
        or(
          eq(accountExports.status, "pending"),
          and(
            eq(accountExports.status, "running"),
            lt(accountExports.updatedAt, new Date(now - EXPORT_STALL_MS)),
          ),
        ),
      ),
    )
    .returning();
  return row;
}

/** Only the latest run of an export may write to its row. */
const ownRun = (run: AccountExport) =>
  and(
    eq(accountExports.id, run.id),
    eq(accountExports.attempts, run.attempts),
    eq(accountExports.status, "running"),
  );

/** Records a finished ZIP on the run's row; a run overtaken by a newer one (or an erased account) drops it. */
async function complete(
  env: Env,
  db: Database,
  run: AccountExport,
  key: string,
  size: number,
  files: number,
) {
  const completed = await db
    .update(accountExports)
    .set({
      status: "completed",
      objectKey: key,
      sizeBytes: size,
      fileCount: files,
      uploadId: null,
      completedAt: new Date(),
      updatedAt: new Date(),
      errorCode: null,
      errorMessage: null,
    })
    .where(ownRun(run))
    .run();
  if (completed.meta.changes === 0) await env.PDF_BUCKET.delete(key);
  else
    log("info", "account export completed", { export_id: run.id, user_id: run.userId, bytes: size, files });
}

/**
 * Builds an export's ZIP and streams it into R2. A failure puts the export back to pending for the message's
 * retry, or fails it on the last delivery; an outcome arriving after a newer run took over (or after the
 * account was deleted) is discarded with its ZIP.
 */
export async function runExport(
  env: Env,
  config: Config,
  exportId: string,
  finalAttempt: boolean,
  now = Date.now(),
) {
  const db = createDb(env.DB);
  const run = await claim(db, exportId, now);
  if (!run) return;
  const key = exportKey(run.userId, run.id);
  // The previous run's upload, if it died midway: its parts would otherwise wait for R2's lifecycle rule.
  if (run.uploadId) {
    await env.PDF_BUCKET.resumeMultipartUpload(key, run.uploadId)
      .abort()
      .catch(() => undefined);
  }
  const touch = (changes: Partial<AccountExport>) =>
    db
      .update(accountExports)
      .set({ ...changes, updatedAt: new Date() })
      .where(ownRun(run))
      .then(() => undefined);
  try {
    const zip = exportZip({ env, db, config, now }, run.userId, { includePdfs: run.includePdfs });
    const { size } = await uploadStream(env.PDF_BUCKET, key, zip.stream, "application/zip", {
      started: (uploadId) => touch({ uploadId }),
      progressed: () => touch({}),
    });
    await complete(env, db, run, key, size, zip.fileCount());
  } catch (error) {
    await touch(
      finalAttempt
        ? {
            status: "failed",
            uploadId: null,
            errorCode: "EXPORT_FAILED",
            errorMessage: EXPORT_FAILED_MESSAGE,
          }
        : { status: "pending", uploadId: null },
    );
    throw error;
  }
}
