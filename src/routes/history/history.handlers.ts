import { listExports } from "../../exports/export-view";
import { deleteHistoryEntry } from "../../history/delete-entry";
import { duplicateJob } from "../../history/duplicate-job";
import { historyEntry } from "../../history/history-view";
import { historyPageEtag } from "../../history/list-etag";
import { listHistory } from "../../history/list-history";
import { findOwnedJob, jobLinks, jobView } from "../../jobs/job-view";
import { trackerFor } from "../../jobs/tracker/client";
import { etagMatches } from "../../lib/etag";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./history.routes";

/** `GET /history`: a page of the caller's jobs, newest first (304 when the client's copy is current). */
export const list: AppRouteHandler<typeof routes.list, AuthEnv> = async (c) => {
  const { userId } = c.var.principal;
  const query = c.req.valid("query");
  // Before the query, not beside it (see historyPageEtag): a 304 then costs no D1 read at all.
  const etag = await historyPageEtag(c.env, userId, query);
  const headers: Record<string, string> = etag ? { ETag: etag } : {};
  if (etag && etagMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
  return c.json(await listHistory(c.var.db, userId, query), 200, headers);
};

/** How many of an entry's Google Sheets exports it shows (the newest); `GET /jobs/{id}/exports` lists them all. */
const ENTRY_EXPORTS = 20;

/** `GET /history/{id}`: one entry with its live state, download links and its latest Google Sheets exports. */
export const getOne: AppRouteHandler<typeof routes.getOne, AuthEnv> = async (c) => {
  const { userId } = c.var.principal;
  const job = await findOwnedJob(c.var.db, userId, c.req.valid("param").id);
  const entry = historyEntry(jobView(job, await trackerFor(c.env, job.id).snapshot()));
  const sheets = await listExports(c.var.db, userId, { jobId: job.id, limit: ENTRY_EXPORTS });
  return c.json({ ...entry, sheet_exports: sheets.items }, 200);
};

/** `DELETE /history/{id}`: soft-deletes an entry (its objects are purged later). */
export const remove: AppRouteHandler<typeof routes.remove, AuthEnv> = async (c) => {
  await deleteHistoryEntry(c.env, c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.body(null, 204);
};

/** `POST /history/{id}/duplicate`: a new job from the entry's stored PDF. */
export const duplicate: AppRouteHandler<typeof routes.duplicate, AuthEnv> = async (c) => {
  const { jobId, status } = await duplicateJob(
    c.env,
    c.var.db,
    c.var.config,
    c.var.principal.userId,
    c.req.valid("param").id,
    c.req.valid("json"),
  );
  const links = jobLinks(jobId);
  return c.json({ job_id: jobId, status, links }, 202, { Location: links.self });
};
