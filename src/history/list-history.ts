import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { olderThan } from "../db/keyset";
import { type JobStatus, jobs } from "../db/schema";
import { decodeHistoryCursor, type HistoryCursor, historyCursor } from "./history-cursor";
import { historyItem } from "./history-view";

export interface HistoryQuery {
  cursor?: string | undefined;
  limit: number;
  status?: JobStatus | undefined;
}

/**
 * The page query, on `jobs_user_created_idx`: newest first, keyset (created_at, id) so pages stay stable when
 * rows share a creation time or new jobs arrive meanwhile. Exported so tests can check its query plan.
 */
export function selectHistoryPage(
  db: Database,
  userId: string,
  page: { after: HistoryCursor | null; status: JobStatus | undefined; limit: number },
) {
  const { after } = page;
  return db
    .select({
      id: jobs.id,
      filename: jobs.filename,
      fileSize: jobs.fileSize,
      pageCount: jobs.pageCount,
      status: jobs.status,
      chunksTotal: jobs.chunksTotal,
      chunksDone: jobs.chunksDone,
      sentenceCount: jobs.sentenceCount,
      engine: jobs.engine,
      model: jobs.model,
      cached: jobs.cached,
      errorCode: jobs.errorCode,
      createdAt: jobs.createdAt,
      completedAt: jobs.completedAt,
    })
    .from(jobs)
    .where(
      and(
        eq(jobs.userId, userId),
        isNull(jobs.deletedAt),
        page.status ? eq(jobs.status, page.status) : undefined,
        olderThan(jobs, after),
      ),
    )
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(page.limit);
}

/** One page of the user's history (deleted entries excluded) and the cursor of the next page, if any. */
export async function listHistory(db: Database, userId: string, query: HistoryQuery) {
  const after = query.cursor ? decodeHistoryCursor(query.cursor) : null;
  // One row more than asked tells whether a next page exists without a COUNT.
  const rows = await selectHistoryPage(db, userId, { after, status: query.status, limit: query.limit + 1 });
  const { items, nextCursor } = historyCursor.page(rows, query.limit);
  return { items: items.map(historyItem), next_cursor: nextCursor };
}
