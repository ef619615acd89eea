import type { Job } from "../db/schema";
import { type JobView, jobLinks } from "../jobs/job-view";
import { progressOf } from "../jobs/tracker/job-state";

/** The columns a history list item needs: nothing heavy (settings, stats, usage stay in D1). */
export type HistoryRow = Pick<
  Job,
  | "id"
  | "filename"
  | "fileSize"
  | "pageCount"
  | "status"
  | "chunksTotal"
  | "chunksDone"
  | "sentenceCount"
  | "engine"
  | "model"
  | "cached"
  | "errorCode"
  | "createdAt"
  | "completedAt"
>;

/** The compact wire summary of a history row (D1 only: no live tracker state). */
export function historyItem(row: HistoryRow) {
  return {
    job_id: row.id,
    filename: row.filename,
    file_size: row.fileSize,
    page_count: row.pageCount,
    status: row.status,
    progress: progressOf(row),
    sentence_count: row.sentenceCount,
    engine: row.engine,
    model: row.model,
    cached: row.cached,
    error_code: row.errorCode,
    created_at: row.createdAt.toISOString(),
    completed_at: row.completedAt?.toISOString() ?? null,
    links: jobLinks(row.id),
  };
}

/** A full history entry: the job view plus its export links, which exist only once the job completed. */
export function historyEntry(view: JobView) {
  const { download, sentences } = view.links;
  const exports =
    view.status === "completed"
      ? {
          sentences,
          json: `${download}?format=json`,
          csv: `${download}?format=csv`,
          tsv: `${download}?format=tsv`,
          anki: `${download}?format=anki`,
          txt: `${download}?format=txt`,
        }
      : null;
  return { ...view, exports };
}
