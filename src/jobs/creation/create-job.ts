import { eq } from "drizzle-orm";
import type { Config } from "../../config";
import type { Database } from "../../db/client";
import { jobs } from "../../db/schema";
import { documentCacheKey } from "../../engines/cache-keys";
import { PROMPT_VERSION } from "../../engines/gemini";
import { type Settings, toSentenceSettings } from "../../settings/settings.schema";
import { admitEngine, admitNewJob } from "../../usage/admission";
import { periodOf } from "../../usage/periods";
import type { NamedPlan } from "../../usage/plans";
import { type MonthTotals, monthTotals } from "../../usage/summary";
import { bumpHistoryVersion } from "../history-version/client";
import { enqueuePrepare } from "../queue/producer";
import { type CachedResult, lookupResult } from "../result-cache";
import { chooseEngine, type EngineChoice, OFFLINE_ENGINE_VERSION } from "../steps/select-engine";
import { chunkResultKey } from "../storage";
import { trackerFor } from "../tracker/client";

export interface StartJobInput {
  userId: string;
  /** The user's plan, read once by the caller for everything the request checks. */
  plan: NamedPlan;
  filename: string;
  fileSize: number;
  pdfSha256: string;
  pdfKey: string;
  settings: Settings;
  /** False bypasses the result cache: the document is processed again. */
  useCache: boolean;
  /** The batch the PDF was uploaded in, if any. */
  batchId?: string | undefined;
}

interface NewJobInput extends Omit<StartJobInput, "useCache"> {
  choice: EngineChoice;
  /** Where the finished result will be announced for reuse; null when the caller bypassed the cache. */
  cacheKey: string | null;
  /** A finished result of the same document and settings: the job is born completed. */
  cachedResult: CachedResult | null;
}

/** What a job of this document and these settings would be: its plan, its engine, a cached result if any. */
export interface JobPlan {
  plan: NamedPlan;
  choice: EngineChoice;
  cacheKey: string | null;
  cachedResult: CachedResult | null;
  /** The user's month (pages charged, granted, Gemini): read once, when first asked. */
  month: () => Promise<MonthTotals>;
}

/**
 * Plans a job without creating it (also what `POST /estimate` reports): the engine the settings, the server and
 * the user's plan allow, and an identical earlier result in the cache unless the caller bypassed it.
 */
export async function planJob(
  env: Env,
  db: Database,
  config: Config,
  input: Pick<StartJobInput, "userId" | "plan" | "pdfSha256" | "settings" | "useCache">,
  now: number,
): Promise<JobPlan> {
  const { plan } = input;
  let read: Promise<MonthTotals> | undefined;
  const month = (): Promise<MonthTotals> => {
    read ??= monthTotals(db, input.userId, periodOf(now));
    return read;
  };
  const choice = await admitEngine({
    plan,
    requested: input.settings.engine,
    choice: chooseEngine(config, input.settings),
    now,
    month,
  });
  const cacheKey = input.useCache
    ? await documentCacheKey({
        pdfSha256: input.pdfSha256,
        settings: toSentenceSettings(input.settings),
        engine: choice.engine,
        model: choice.model,
        promptVersion: choice.engine === "gemini" ? PROMPT_VERSION : OFFLINE_ENGINE_VERSION,
      })
    : null;
  const cachedResult = cacheKey ? await findCachedResult(env, cacheKey) : null;
  return { plan, choice, cacheKey, cachedResult, month };
}

/**
 * Starts a job for a PDF already in R2: picks the engine, and serves an identical earlier result from the
 * cache when there is one (the job is then born completed, with no engine call, and costs no quota). A job
 * that needs processing must be admitted by the user's plan first (pages left, jobs running at once).
 */
export async function startJob(
  env: Env,
  db: Database,
  config: Config,
  input: StartJobInput,
): Promise<{ jobId: string; status: "pending" | "completed" }> {
  const now = Date.now();
  const { plan, choice, cacheKey, cachedResult, month } = await planJob(env, db, config, input, now);
  if (!cachedResult) await admitNewJob(db, { plan, userId: input.userId, now, month: await month() });
  const jobId = await createJob(env, db, { ...input, choice, cacheKey, cachedResult });
  return { jobId, status: cachedResult ? "completed" : "pending" };
}

/** A cached result whose objects still exist (a purge may have removed them since it was announced). */
async function findCachedResult(env: Env, cacheKey: string): Promise<CachedResult | null> {
  const cached = await lookupResult(env.RESULT_CACHE, cacheKey);
  if (!cached) return null;
  return (await env.PDF_BUCKET.head(chunkResultKey(cached.resultPrefix, 0))) ? cached : null;
}

/** Creates a job (its history row and its tracker) and queues its first step unless it came from cache. */
async function createJob(env: Env, db: Database, input: NewJobInput): Promise<string> {
  const jobId = crypto.randomUUID();
  const now = new Date();
  await db.insert(jobs).values({
    id: jobId,
    userId: input.userId,
    filename: input.filename,
    fileSize: input.fileSize,
    pdfSha256: input.pdfSha256,
    pdfKey: input.pdfKey,
    settings: input.settings,
    engine: input.choice.engine,
    model: input.choice.model,
    cached: input.cachedResult !== null,
    batchId: input.batchId ?? null,
    createdAt: now,
    updatedAt: now,
  });
  // The tracker's first commit mirrors the row, which counts the change in the history version.
  try {
    await trackerFor(env, jobId).init({
      jobId,
      userId: input.userId,
      engine: input.choice.engine,
      model: input.choice.model,
      cacheKey: input.cacheKey,
      createdAt: now.getTime(),
      ...(input.cachedResult ? { cachedResult: input.cachedResult } : {}),
    });
    if (!input.cachedResult) {
      await enqueuePrepare(env, jobId);
    }
  } catch (error) {
    // Not started: hide the row (the cron purges it) so history shows no job that will never run.
    await db.update(jobs).set({ deletedAt: new Date() }).where(eq(jobs.id, jobId));
    await bumpHistoryVersion(env, input.userId);
    throw error;
  }
  return jobId;
}
