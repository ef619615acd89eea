import type { Config } from "../../config";
import type { Database } from "../../db/client";
import type { JobStatus } from "../../db/schema";
import { sha256Hex } from "../../engines/cache-keys";
import { ApiError } from "../../lib/errors";
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffPdf } from "../../pdf/sniff-pdf";
import { consumeUploadBudget } from "../../rate-limit/budgets";
import type { Settings, SettingsPatch } from "../../settings/settings.schema";
import { applySettingsPatch, getUserSettings } from "../../settings/user-settings";
import { type NamedPlan, userPlan } from "../../usage/plans";
import { pdfKey } from "../storage";
import { trackerFor } from "../tracker/client";
import { startJob } from "./create-job";
import { withIdempotencyKey } from "./idempotency";

export interface Upload {
  userId: string;
  file: File;
  overrides: SettingsPatch;
  idempotencyKey: string | undefined;
  useCache: boolean;
}

/** An uploaded file that passed the upload checks, with its hash and display name. */
export interface CheckedPdf {
  file: File;
  sha256: string;
  filename: string;
}

/** What one uploaded PDF becomes: its job's settings, the result cache choice and, in a batch, the batch. */
export interface JobRequest {
  userId: string;
  /** The user's plan, read once per request (a batch's files share it). */
  plan: NamedPlan;
  settings: Settings;
  useCache: boolean;
  batchId?: string;
}

/**
 * Checks an uploaded PDF, stores it once by content hash, and creates its job, or replays the job of an
 * earlier request with the same Idempotency-Key. Only a new job costs one of the user's hourly uploads.
 */
export async function receiveUpload(
  env: Env,
  db: Database,
  config: Config,
  upload: Upload,
): Promise<{ jobId: string; status: JobStatus; replayed: boolean }> {
  const { userId, useCache } = upload;
  const pdf = await checkPdf(config, upload.file);
  const settings = await uploadSettings(db, config, userId, upload.overrides);
  const { sha256, filename } = pdf;
  const { value, replayed } = await withIdempotencyKey(
    db,
    {
      userId,
      key: upload.idempotencyKey,
      hash: () => uploadFingerprint({ sha256, filename, settings, useCache }),
    },
    {
      create: async () => {
        const plan = await userPlan(db, config, userId);
        const started = await startUploadedJob(env, db, config, pdf, { userId, plan, settings, useCache });
        return { id: started.jobId, value: started };
      },
      replay: async (jobId) => {
        const live = await trackerFor(env, jobId).snapshot();
        return { jobId, status: live?.status ?? "pending" };
      },
    },
  );
  return { ...value, replayed };
}

/** The settings a new job runs with: the user's own, overridden by the upload's form fields. */
export async function uploadSettings(
  db: Database,
  config: Config,
  userId: string,
  overrides: SettingsPatch,
): Promise<Settings> {
  return applySettingsPatch(config, await getUserSettings(db, userId), overrides);
}

/** Checks one uploaded file (size, PDF markers) and hashes it; throws the ApiError that names its problem. */
export async function checkPdf(config: Config, file: File): Promise<CheckedPdf> {
  if (file.size > config.MAX_PDF_BYTES) {
    throw new ApiError("PDF_TOO_LARGE", { detail: `PDFs are limited to ${config.MAX_PDF_BYTES} bytes.` });
  }
  const head = new Uint8Array(await file.slice(0, SNIFF_HEAD_BYTES).arrayBuffer());
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - SNIFF_TAIL_BYTES)).arrayBuffer());
  sniffPdf(head, tail);
  return { file, sha256: await digestFile(file), filename: cleanFilename(file.name) };
}

/** Takes one of the user's hourly uploads, stores the PDF once by hash and starts its job. */
export async function startUploadedJob(
  env: Env,
  db: Database,
  config: Config,
  pdf: CheckedPdf,
  request: JobRequest,
): Promise<{ jobId: string; status: "pending" | "completed" }> {
  await consumeUploadBudget(env, request.userId, request.plan);
  const key = pdfKey(request.userId, pdf.sha256);
  await storePdf(env.PDF_BUCKET, key, pdf.file, pdf.sha256);
  return startJob(env, db, config, {
    ...request,
    filename: pdf.filename,
    fileSize: pdf.file.size,
    pdfSha256: pdf.sha256,
    pdfKey: key,
  });
}

async function storePdf(bucket: R2Bucket, key: string, file: File, sha256: string): Promise<void> {
  if (await bucket.head(key)) return;
  await bucket.put(key, file, { httpMetadata: { contentType: "application/pdf" }, sha256 });
}

/** SHA-256 of the file, streamed through the digest without another copy of the bytes. */
async function digestFile(file: File): Promise<string> {
  const digest = new crypto.DigestStream("SHA-256");
  await file.stream().pipeTo(digest);
  return Array.from(new Uint8Array(await digest.digest), (byte) => byte.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** A display filename: path parts and control characters removed, bounded, never empty. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/\p{Cc}/gu, "")
    .trim()
    .slice(0, 200);
  return cleaned || "document.pdf";
}

/** What makes two uploads "the same request" for an Idempotency-Key: the bytes, the name and the settings. */
export function uploadFingerprint(request: {
  sha256: string;
  filename: string;
  settings: Settings;
  useCache: boolean;
}) {
  return sha256Hex(JSON.stringify(request));
}
