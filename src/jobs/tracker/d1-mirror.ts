import { eq } from "drizzle-orm";
import { createDb } from "../../db/client";
import { jobs } from "../../db/schema";
import { bumpHistoryVersion } from "../history-version/client";
import type { JobState } from "./job-state";

/**
 * Mirrors a job's live state into its D1 history row (the tracker calls this on every transition), then counts
 * the change in the owner's history version. The count never throws: an upload or a job's step must not fail
 * because a list's validator could not be renewed.
 */
export async function syncJobRow(env: Pick<Env, "DB" | "HISTORY_VERSION">, state: JobState) {
  await createDb(env.DB)
    .update(jobs)
    .set({
      status: state.status,
      pageCount: state.pageCount,
      chunksTotal: state.chunksTotal,
      chunksDone: state.chunksDone,
      chunksFailed: state.chunksFailed,
      sentenceCount: state.sentenceCount,
      redrives: state.redrives,
      stats: state.stats ? { ...state.stats } : null,
      usage: state.usage ? { ...state.usage } : null,
      warnings: state.warnings ?? [],
      errorCode: state.error?.error_code ?? null,
      errorMessage: state.error?.message ?? null,
      failedStep: state.error?.failed_step ?? null,
      updatedAt: new Date(state.updatedAt),
      startedAt: state.startedAt ? new Date(state.startedAt) : null,
      completedAt: state.completedAt ? new Date(state.completedAt) : null,
      chunkCounts: state.chunkCounts,
      resultPrefix: state.resultPrefix,
    })
    .where(eq(jobs.id, state.jobId));
  await bumpHistoryVersion(env, state.userId);
}
