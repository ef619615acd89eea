import type { JobStatus, JobWarning } from "../../db/schema";
import { addUsage, noStats, noUsage, sumStats } from "../../engines/stats";
import type { EngineName, EngineUsage, SentenceStats } from "../../engines/types";
import type { JobErrorCode, JobStep } from "../../lib/job-error";
import type { CleanReport } from "../../pdf/clean-pages";
import type { CachedResult, JobStats } from "../result-cache";
import { jobPrefix } from "../storage";

/** What the prepare step learnt besides the chunks: the clean-up's counts and the warnings. */
export interface Preparation {
  cleanup: CleanReport;
  warnings: JobWarning[];
}

export interface JobFailure {
  error_code: JobErrorCode;
  message: string;
  failed_step: JobStep;
}

/** The live state of a job, held by its JobTracker Durable Object. Times are epoch milliseconds. */
export interface JobState {
  jobId: string;
  userId: string;
  status: JobStatus;
  engine: EngineName;
  model: string | null;
  /** KV key under which the finished result is announced for reuse, or null when caching is off. */
  cacheKey: string | null;
  cached: boolean;
  prepared: boolean;
  dispatched: boolean;
  pageCount: number | null;
  chunksTotal: number;
  chunksDone: number;
  chunksFailed: number;
  sentenceCount: number;
  /** Once completed: sentences per chunk, and the R2 prefix of the results (another job's for a cache hit). */
  chunkCounts: number[] | null;
  resultPrefix: string | null;
  stats: JobStats | null;
  usage: EngineUsage | null;
  error: JobFailure | null;
  /** The clean-up's counts, added to `stats` when the job completes. */
  cleanup?: CleanReport | null;
  warnings?: JobWarning[];
  createdAt: number;
  startedAt: number | null;
  updatedAt: number;
  completedAt: number | null;
}

/** What a chunk left behind once processed (its sentences are in R2). */
export interface ChunkRecord {
  status: "done" | "failed";
  count: number;
  stats: SentenceStats | null;
  usage: EngineUsage | null;
  error: JobFailure | null;
}

export const TERMINAL_STATUSES: readonly JobStatus[] = ["completed", "failed", "cancelled"];

export const isTerminal = (status: JobStatus) => TERMINAL_STATUSES.includes(status);

/** Percent done: extraction counts for the first 5 %, chunks for the rest. */
export function progressOf(state: Pick<JobState, "status" | "chunksTotal" | "chunksDone">): number {
  if (state.status === "completed") return 100;
  if (state.chunksTotal === 0) return 0;
  return Math.min(99, 5 + Math.floor((94 * state.chunksDone) / state.chunksTotal));
}

/** The part of a job's state the events stream pushes on every change. */
export function liveView(state: JobState) {
  return {
    job_id: state.jobId,
    status: state.status,
    progress: progressOf(state),
    chunks: { total: state.chunksTotal, done: state.chunksDone, failed: state.chunksFailed },
    sentence_count: state.sentenceCount,
    error: state.error,
    updated_at: new Date(state.updatedAt).toISOString(),
  };
}

/** What a tracker is created with. */
export interface TrackerInit {
  jobId: string;
  userId: string;
  engine: EngineName;
  model: string | null;
  cacheKey: string | null;
  createdAt: number;
  /** A result found in the cache: the job starts completed. */
  cachedResult?: CachedResult;
}

/** A new job's state: pending, or completed at once when its result came from the cache. */
export function initialState(input: TrackerInit, now: number): JobState {
  const cached = input.cachedResult;
  return {
    jobId: input.jobId,
    userId: input.userId,
    status: cached ? "completed" : "pending",
    engine: input.engine,
    model: input.model,
    cacheKey: input.cacheKey,
    cached: Boolean(cached),
    prepared: Boolean(cached),
    dispatched: Boolean(cached),
    pageCount: cached?.pageCount ?? null,
    chunksTotal: cached?.chunkCounts.length ?? 0,
    chunksDone: cached?.chunkCounts.length ?? 0,
    chunksFailed: 0,
    sentenceCount: cached?.sentenceCount ?? 0,
    chunkCounts: cached?.chunkCounts ?? null,
    resultPrefix: cached?.resultPrefix ?? null,
    stats: cached?.stats ?? null,
    usage: cached ? noUsage() : null,
    error: null,
    warnings: cached?.warnings ?? [],
    createdAt: input.createdAt,
    startedAt: cached ? now : null,
    updatedAt: now,
    completedAt: cached ? now : null,
  };
}

/** The state once every chunk is done: per-chunk counts in order, summed stats and usage. */
export function completedState(
  state: JobState,
  chunks: ChunkRecord[],
  resultPrefix: string,
  now: number,
): JobState {
  return {
    ...state,
    status: "completed",
    chunkCounts: chunks.map((chunk) => chunk.count),
    resultPrefix,
    stats: {
      ...sumStats(noStats(), ...chunks.flatMap((chunk) => (chunk.stats ? [chunk.stats] : []))),
      ...state.cleanup,
    },
    usage: addUsage(...chunks.flatMap((chunk) => (chunk.usage ? [chunk.usage] : []))),
    updatedAt: now,
    completedAt: now,
  };
}

/** What a completed job announces in the result cache: where its sentences are, never the sentences. */
export function cachedResultOf(state: JobState): CachedResult {
  return {
    jobId: state.jobId,
    resultPrefix: state.resultPrefix ?? jobPrefix(state.jobId),
    chunkCounts: state.chunkCounts ?? [],
    sentenceCount: state.sentenceCount,
    pageCount: state.pageCount ?? 0,
    stats: state.stats ?? noStats(),
    warnings: state.warnings ?? [],
  };
}
