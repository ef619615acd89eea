import { and, desc, eq, inArray, isNull, lt, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { olderThan } from "../db/keyset";
import { type JobStatus, jobs, users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { type KeysetPosition, keysetCursor, UUID_ID } from "../lib/keyset-cursor";

/** Page cursors of the admin's job list, sorted by last change. */
export const adminJobCursor = keysetCursor("aj", UUID_ID);

/** Which jobs the admin lists: by status, or `stalled` (running with no progress for JOB_STALL_SECONDS). */
export type AdminJobFilter = JobStatus | "stalled";

/** The filters and page of the admin's job list. */
export interface AdminJobQuery {
  status?: AdminJobFilter | undefined;
  errorCode?: string | undefined;
  before: KeysetPosition | null;
  limit: number;
}

function statusFilter(
  status: AdminJobFilter | undefined,
  stallSeconds: number,
  now: number,
): SQL | undefined {
  if (!status) return undefined;
  if (status !== "stalled") return eq(jobs.status, status);
  return and(
    inArray(jobs.status, ["pending", "processing"]),
    lt(jobs.updatedAt, new Date(now - stallSeconds * 1000)),
  );
}

/**
 * Jobs across users, most recently changed first, with their owner's email and error code: what an operator
 * needs to see what fails, never the sentences, the settings or the file's name.
 */
export async function listAdminJobs(db: Database, query: AdminJobQuery, stallSeconds: number, now: number) {
  const { before } = query;
  const rows = await db
    .select({
      id: jobs.id,
      user_id: jobs.userId,
      user_email: users.email,
      status: jobs.status,
      engine: jobs.engine,
      model: jobs.model,
      page_count: jobs.pageCount,
      chunks_total: jobs.chunksTotal,
      chunks_done: jobs.chunksDone,
      error_code: jobs.errorCode,
      failed_step: jobs.failedStep,
      created_at: jobs.createdAt,
      updated_at: jobs.updatedAt,
    })
    .from(jobs)
    .innerJoin(users, eq(users.id, jobs.userId))
    .where(
      and(
        isNull(jobs.deletedAt),
        statusFilter(query.status, stallSeconds, now),
        query.errorCode ? eq(jobs.errorCode, query.errorCode) : undefined,
        // Sorted by last change: its time takes the place of the creation time.
        olderThan({ createdAt: jobs.updatedAt, id: jobs.id }, before),
      ),
    )
    .orderBy(desc(jobs.updatedAt), desc(jobs.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? items.at(-1) : undefined;
  return {
    items: items.map((row) => ({
      ...row,
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
    })),
    next_cursor: last ? adminJobCursor.encode({ createdAt: last.updated_at.getTime(), id: last.id }) : null,
  };
}

/** A job of any user (not deleted), or 404: what an admin may retry. */
export async function findAnyJob(db: Database, jobId: string) {
  const job = await db.query.jobs.findFirst({ where: and(eq(jobs.id, jobId), isNull(jobs.deletedAt)) });
  if (!job) throw new ApiError("NOT_FOUND", { detail: `No job ${jobId}.` });
  return job;
}
