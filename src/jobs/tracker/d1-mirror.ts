import { eq } from "drizzle-orm";
import { createDb } from "../../db/client";
import { jobs } from "../../db/schema";
import type { JobState } from "./job-state";

/** Mirrors a job's live state into its D1 history row (the tracker calls this on every transition). */
export async function syncJobRow(d1: D1Database, state: JobState) {
  await createDb(d1)
    .update(jobs)
    .set({
      status: state.status,
      pageCount: state.pageCount,
      chunksTotal: state.chunksTotal,
      chunksDone: state.chunksDone,
      chunksFailed: state.chunksFailed,
      sentenceCount: state.sentenceCount,
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
}
