import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { type Database, perClient } from "../db/client";
import { keysetBefore } from "../db/keyset";
import { type JobStatus, jobs } from "../db/schema";
import { decodeHistoryCursor, historyCursor } from "./history-cursor";
import { historyItem } from "./history-view";

export interface HistoryQuery {
  cursor?: string | undefined;
  limit: number;
  status?: JobStatus | undefined;
}

/** What varies between history queries besides the values: a status filter, a cursor. */
interface PageShape {
  status: boolean;
  after: boolean;
}

/**
 * The page query, on `jobs_user_created_idx`: newest first, keyset (created_at, id) so pages stay stable when
 * rows share a creation time or new jobs arrive meanwhile. Values are placeholders (`userId`, `status`,
 * `afterAt` in epoch ms, `afterId`, `limit`), so the SQL is built once per shape. Exported so tests can check
 * its query plan.
 */
export function selectHistoryPage(db: Database, shape: PageShape) {
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
        eq(jobs.userId, sql.placeholder("userId")),
        isNull(jobs.deletedAt),
        shape.status ? eq(jobs.status, sql.placeholder("status")) : undefined,
        shape.after ? keysetBefore(jobs, sql.placeholder("afterAt"), sql.placeholder("afterId")) : undefined,
      ),
    )
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(sql.placeholder("limit"));
}

type PreparedPage = ReturnType<ReturnType<typeof selectHistoryPage>["prepare"]>;
/** Prepared page queries per client and shape: building the SQL costs more CPU than the rest of the request. */
const pagesByShape = perClient(() => new Map<string, PreparedPage>());

function preparedPage(db: Database, shape: PageShape): PreparedPage {
  const byShape = pagesByShape(db);
  const key = `${shape.status}:${shape.after}`;
  let statement = byShape.get(key);
  if (!statement) {
    statement = selectHistoryPage(db, shape).prepare();
    byShape.set(key, statement);
  }
  return statement;
}

/** One page of the user's history (deleted entries excluded) and the cursor of the next page, if any. */
export async function listHistory(db: Database, userId: string, query: HistoryQuery) {
  const after = query.cursor ? decodeHistoryCursor(query.cursor) : null;
  // One row more than asked tells whether a next page exists without a COUNT.
  const rows = await preparedPage(db, { status: query.status !== undefined, after: after !== null }).all({
    userId,
    status: query.status,
    afterAt: after?.createdAt,
    afterId: after?.id,
    limit: query.limit + 1,
  });
  const { items, nextCursor } = historyCursor.page(rows, query.limit);
  return { items: items.map(historyItem), next_cursor: nextCursor };
}
