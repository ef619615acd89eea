import { eq } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { batches, type JobStatus, type RejectedFile } from "../db/schema";
import { sha256Hex } from "../engines/cache-keys";
import { withIdempotencyKey } from "../jobs/creation/idempotency";
import {
  type CheckedPdf,
  checkPdf,
  cleanFilename,
  type JobRequest,
  startUploadedJob,
  uploadSettings,
} from "../jobs/creation/receive-upload";
import { ApiError } from "../lib/errors";
import { describeError, log } from "../lib/logger";
import type { SettingsPatch } from "../settings/settings.schema";
import { userPlan } from "../usage/plans";
import { batchJobs, batchLink } from "./batch-view";
import { settleBatch } from "./settle-batch";

/** Files one batch may carry. */
export const MAX_BATCH_FILES = 20;

export interface BatchUpload {
  userId: string;
  files: File[];
  overrides: SettingsPatch;
  idempotencyKey: string | undefined;
  useCache: boolean;
}

/** The 202 answer: the jobs made, and the files refused with their problem. */
export interface BatchAccepted {
  batch_id: string;
  jobs: { job_id: string; filename: string; status: JobStatus }[];
  rejected: RejectedFile[];
  links: { self: string };
}

type Checked = { ok: true; pdf: CheckedPdf } | { ok: false; rejected: RejectedFile; size: number };

/**
 * Receives a batch upload: every file is checked like a single upload, and each that passes becomes a job of
 * the batch (costing one of the user's hourly uploads); a file that fails is listed with its problem instead
 * of failing the batch. With an Idempotency-Key a repeated request returns the first batch.
 */
export async function receiveBatch(
  env: Env,
  db: Database,
  config: Config,
  upload: BatchUpload,
): Promise<{ value: BatchAccepted; replayed: boolean }> {
  const { userId, useCache } = upload;
  const settings = await uploadSettings(db, config, userId, upload.overrides);
  const checked = await Promise.all(upload.files.map((file) => checkFile(config, file)));
  const refused = checked.flatMap((item) => (item.ok ? [] : [item.rejected]));
  if (refused.length === checked.length) throw noFileAccepted(refused);
  const hash = () =>
    sha256Hex(
      JSON.stringify({
        kind: "batch",
        files: checked.map((item) =>
          item.ok ? [item.pdf.sha256, item.pdf.filename] : [item.rejected.filename, item.size],
        ),
        settings,
        useCache,
      }),
    );
  return withIdempotencyKey(
    db,
    { userId, key: upload.idempotencyKey, hash },
    {
      create: async () => {
        const pdfs = checked.flatMap((item) => (item.ok ? [item.pdf] : []));
        const plan = await userPlan(db, config, userId);
        const request = { userId, plan, settings, useCache };
        const accepted = await createBatch(env, db, config, pdfs, refused, request);
        return { id: accepted.batch_id, value: accepted };
      },
      replay: (batchId) => acceptedBatch(env, db, batchId),
    },
  );
}

/** The upload checks of one file, as a verdict instead of an error. */
async function checkFile(config: Config, file: File): Promise<Checked> {
  try {
    return { ok: true, pdf: await checkPdf(config, file) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ok: false, rejected: refusal(cleanFilename(file.name), error), size: file.size };
  }
}

const refusal = (filename: string, error: ApiError): RejectedFile => ({
  filename,
  problem: { error_code: error.code, status: error.status, detail: error.detail },
});

/** Nothing to process: a 422 naming each file's problem. */
function noFileAccepted(refused: RejectedFile[]): ApiError {
  return new ApiError("VALIDATION_FAILED", {
    detail: "No file of the batch can be processed.",
    fields: refused.map((file, index) => ({
      path: `pdf_files.${index}`,
      message: `${file.filename}: ${file.problem.detail}`,
      code: file.problem.error_code,
    })),
  });
}

/**
 * Creates the batch and a job per PDF. The batch stays `creating` until every job exists, so a job born
 * completed (from the result cache) cannot complete it early; it is settled once they all exist.
 */
async function createBatch(
  env: Env,
  db: Database,
  config: Config,
  pdfs: CheckedPdf[],
  refused: RejectedFile[],
  request: Omit<JobRequest, "batchId">,
): Promise<BatchAccepted> {
  const batchId = crypto.randomUUID();
  await db.insert(batches).values({ id: batchId, userId: request.userId, rejected: [] });
  const made: BatchAccepted["jobs"] = [];
  const rejected = [...refused];
  let firstError: unknown = null;
  for (const pdf of pdfs) {
    try {
      const started = await startUploadedJob(env, db, config, pdf, { ...request, batchId });
      made.push({ job_id: started.jobId, filename: pdf.filename, status: started.status });
    } catch (error) {
      firstError ??= error;
      rejected.push(refusal(pdf.filename, asApiError(error, batchId)));
    }
  }
  if (made.length === 0) {
    await db.delete(batches).where(eq(batches.id, batchId));
    throw firstError;
  }
  try {
    await db
      .update(batches)
      .set({ status: "processing", rejected, updatedAt: new Date() })
      .where(eq(batches.id, batchId));
    await settleBatch(env, db, batchId);
  } catch (error) {
    // Every job exists and runs: a 500 would make a retry start them all again. The cron opens a batch left
    // `creating` and settles it (sweepBatches).
    log("error", "batch created but not opened; the cron opens it", {
      batch_id: batchId,
      ...describeError(error),
    });
  }
  return { batch_id: batchId, jobs: made, rejected, links: { self: batchLink(batchId) } };
}

/** A job that could not start: its own problem (a 429 past the hourly budget), or a 500 logged here. */
function asApiError(error: unknown, batchId: string): ApiError {
  if (error instanceof ApiError) return error;
  log("error", "a job of a batch could not be started", { batch_id: batchId, ...describeError(error) });
  return new ApiError("INTERNAL_ERROR", { detail: "The job could not be started; upload this file again." });
}

/** The 202 answer of an existing batch, for a replayed request: its jobs with their current status. */
async function acceptedBatch(env: Env, db: Database, batchId: string): Promise<BatchAccepted> {
  const batch = await db.query.batches.findFirst({ where: eq(batches.id, batchId) });
  const made = (await batchJobs(env, db, batchId)).map((job) => ({
    job_id: job.jobId,
    filename: job.filename,
    status: job.status,
  }));
  return {
    batch_id: batchId,
    jobs: made,
    rejected: batch?.rejected ?? [],
    links: { self: batchLink(batchId) },
  };
}
