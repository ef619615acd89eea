import type { Config } from "../../config";
import type { Database } from "../../db/client";
import { ApiError } from "../../lib/errors";
import { JobError } from "../../lib/job-error";
import { samplePdf } from "../../pdf/sample-pages";
import type { SettingsPatch } from "../../settings/settings.schema";
import { userPlan } from "../../usage/plans";
import { pagesLeft } from "../../usage/summary";
import { planJob } from "./create-job";
import { checkPdf, uploadSettings } from "./receive-upload";

/** Pages read for an estimate, spread over the document. */
const SAMPLE_PAGES = 10;
/**
 * Gemini tokens per French word of the book, input and output together (a French word is about 1.5 tokens each
 * way, plus the prompt of each chunk): a rough figure, for showing a cost before committing.
 */
const GEMINI_TOKENS_PER_WORD = 3.5;

/** What `POST /estimate` is given: the same file and settings as an upload. */
export interface EstimateInput {
  userId: string;
  file: File;
  overrides: SettingsPatch;
  useCache: boolean;
}

/**
 * What an upload of this file would cost, without storing anything: its pages, the quota it would reserve (none
 * for a cached result), the pages left after it, the engine and model that would run, and a rough Gemini token
 * count. Bad files get the same answers as an upload; one pdf.js cannot open is 422 PDF_UNREADABLE.
 */
export async function estimateJob(env: Env, db: Database, config: Config, input: EstimateInput) {
  const { sha256: pdfSha256 } = await checkPdf(config, input.file);
  const settings = await uploadSettings(db, config, input.userId, input.overrides);
  const now = Date.now();
  const bytes = await input.file.bytes();
  const job = await planJob(
    env,
    db,
    config,
    {
      userId: input.userId,
      plan: await userPlan(db, config, input.userId),
      pdfSha256,
      settings,
      useCache: input.useCache,
    },
    now,
  );
  const sample = await samplePdf(bytes, SAMPLE_PAGES).catch((error: unknown) => {
    if (!(error instanceof JobError)) throw error;
    throw new ApiError("PDF_UNREADABLE", { detail: `${error.code}: ${error.message}` });
  });
  const { left } = pagesLeft(job.plan, await job.month());
  const cost = job.cachedResult ? 0 : sample.pageCount;
  const words = sample.wordsPerPage * sample.pageCount;
  return {
    pages: sample.pageCount,
    cached: job.cachedResult !== null,
    quota_cost: cost,
    pages_left: left,
    pages_left_after: left - cost,
    within_quota: cost <= left,
    within_plan: sample.pageCount <= job.plan.max_pages_per_pdf,
    plan: job.plan.name,
    engine: job.choice.engine,
    model: job.choice.model,
    estimated_gemini_tokens:
      job.choice.engine === "gemini" && cost > 0 ? Math.round(words * GEMINI_TOKENS_PER_WORD) : 0,
  };
}
