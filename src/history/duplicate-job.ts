import type { Config } from "../config";
import type { Database } from "../db/client";
import type { JobStatus } from "../db/schema";
import { startJob } from "../jobs/creation/create-job";
import { uploadSettings } from "../jobs/creation/receive-upload";
import { findOwnedJob } from "../jobs/job-view";
import { requireStoredPdf } from "../jobs/storage";
import { consumeUploadBudget } from "../rate-limit/budgets";
import type { SettingsPatch } from "../settings/settings.schema";
import { userPlan } from "../usage/plans";

export interface DuplicateRequest {
  /** Changes to the user's current settings for the new job. */
  settings?: SettingsPatch | undefined;
  /** False bypasses the result cache: the document is processed again. */
  cache?: boolean | undefined;
}

/**
 * Starts a new job from a history entry's stored PDF (no re-upload) with the user's current settings and the
 * requested changes; an identical earlier result is served from the cache unless `cache` is false.
 */
export async function duplicateJob(
  env: Env,
  db: Database,
  config: Config,
  userId: string,
  sourceId: string,
  request: DuplicateRequest,
): Promise<{ jobId: string; status: JobStatus }> {
  const source = await findOwnedJob(db, userId, sourceId);
  const settings = await uploadSettings(db, config, userId, request.settings ?? {});
  await requireStoredPdf(env.PDF_BUCKET, source.pdfKey);
  const plan = await userPlan(db, config, userId);
  await consumeUploadBudget(env, userId, plan);
  return startJob(env, db, config, {
    userId,
    plan,
    filename: source.filename,
    fileSize: source.fileSize,
    pdfSha256: source.pdfSha256,
    pdfKey: source.pdfKey,
    settings,
    useCache: request.cache ?? true,
  });
}
