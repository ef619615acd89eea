import type { ChunkLedger } from "./chunk-records";
import type { JobState } from "./job-state";

const iso = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());

/** One chunk as `GET /jobs/{id}/chunks` shows it. */
export interface ChunkDetail {
  index: number;
  start_page: number | null;
  end_page: number | null;
  status: "pending" | "done" | "failed";
  sentence_count: number | null;
  attempts: number;
  last_error_code: string | null;
  last_error: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

/**
 * Every chunk of a job in order: page range, state, sentences, attempts, the latest error and the time the
 * finishing attempt took. A job served from the result cache never ran its chunks: they show done, with the
 * cached counts and no attempts.
 */
export function describeChunks(state: JobState, ledger: ChunkLedger): ChunkDetail[] {
  return Array.from({ length: state.chunksTotal }, (_, index) => {
    const record = ledger.records.get(index);
    const attempt = ledger.attempts.get(index);
    const cachedCount = state.cached ? state.chunkCounts?.[index] : undefined;
    const status = record?.status ?? (cachedCount !== undefined ? "done" : "pending");
    const error = record?.error ?? attempt?.lastError ?? null;
    const finishedAt = record?.finishedAt;
    const [startPage, endPage] = ledger.pages[index] ?? [null, null];
    return {
      index,
      start_page: startPage,
      end_page: endPage,
      status,
      sentence_count: record?.status === "done" ? record.count : (cachedCount ?? null),
      attempts: attempt?.attempts ?? 0,
      last_error_code: error?.error_code ?? null,
      last_error: error?.message ?? null,
      started_at: iso(attempt?.startedAt),
      finished_at: iso(finishedAt),
      duration_ms: finishedAt !== undefined && attempt ? Math.max(0, finishedAt - attempt.startedAt) : null,
    };
  });
}
