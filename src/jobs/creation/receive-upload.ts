import type { Config } from "../../config";
import type { Database } from "../../db/client";
import type { JobStatus } from "../../db/schema";
import { sha256Hex } from "../../engines/cache-keys";
import { ApiError } from "../../lib/errors";
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffPdf } from "../../pdf/sniff-pdf";
import { consumeUploadBudget } from "../../rate-limit/budgets";
import type { Settings, SettingsPatch } from "../../settings/settings.schema";
import { applySettingsPatch, getUserSettings } from "../../settings/user-settings";
import { pdfKey } from "../storage";
import { trackerFor } from "../tracker/client";
import { startJob } from "./create-job";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from "./idempotency";

export interface Upload {
  userId: string;
  file: File;
  overrides: SettingsPatch;
  idempotencyKey: string | undefined;
  useCache: boolean;
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
  const { file, userId } = upload;
  await checkPdfFile(file, config);
  const settings = applySettingsPatch(config, await getUserSettings(db, userId), upload.overrides);
  const sha256 = await digestFile(file);
  const filename = cleanFilename(file.name);

  const idempotencyKey = upload.idempotencyKey;
  if (idempotencyKey) {
    const requestHash = await uploadFingerprint({ sha256, filename, settings, useCache: upload.useCache });
    const claim = await claimIdempotencyKey(db, userId, idempotencyKey, requestHash);
    if (claim.kind === "replay") {
      const live = await trackerFor(env, claim.jobId).snapshot();
      return { jobId: claim.jobId, status: live?.status ?? "pending", replayed: true };
    }
  }
  let started: Awaited<ReturnType<typeof startJob>>;
  try {
    await consumeUploadBudget(env, config, userId);
    const key = pdfKey(userId, sha256);
    await storePdf(env.PDF_BUCKET, key, file, sha256);
    started = await startJob(env, db, config, {
      userId,
      filename,
      fileSize: file.size,
      pdfSha256: sha256,
      pdfKey: key,
      settings,
      useCache: upload.useCache,
    });
  } catch (error) {
    if (idempotencyKey) await releaseIdempotencyKey(db, userId, idempotencyKey);
    throw error;
  }
  // The job exists from here on: a failure to record it must not free the key for a duplicate.
  if (idempotencyKey) await completeIdempotencyKey(db, userId, idempotencyKey, started.jobId);
  return { ...started, replayed: false };
}

/** The checks of an uploaded file before anything is stored: its size, and that it looks like a PDF. */
export async function checkPdfFile(file: File, config: Pick<Config, "MAX_PDF_BYTES">): Promise<void> {
  if (file.size > config.MAX_PDF_BYTES) {
    throw new ApiError("PDF_TOO_LARGE", { detail: `PDFs are limited to ${config.MAX_PDF_BYTES} bytes.` });
  }
  const head = new Uint8Array(await file.slice(0, SNIFF_HEAD_BYTES).arrayBuffer());
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - SNIFF_TAIL_BYTES)).arrayBuffer());
  sniffPdf(head, tail);
}

async function storePdf(bucket: R2Bucket, key: string, file: File, sha256: string): Promise<void> {
  if (await bucket.head(key)) return;
  await bucket.put(key, file, { httpMetadata: { contentType: "application/pdf" }, sha256 });
}

/** SHA-256 of the file, streamed through the digest without another copy of the bytes. */
export async function digestFile(file: File): Promise<string> {
  const digest = new crypto.DigestStream("SHA-256");
  await file.stream().pipeTo(digest);
  return Array.from(new Uint8Array(await digest.digest), (byte) => byte.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** A display filename: path parts and control characters removed, bounded, never empty. */
function cleanFilename(name: string): string {
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
