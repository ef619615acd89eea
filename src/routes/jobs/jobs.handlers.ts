import { resumeJob, stopJob } from "../../jobs/job-control";
import { findOwnedJob, jobView, withLiveResult } from "../../jobs/job-view";
import { resultFreshness } from "../../jobs/results/etag";
import { exportSentences } from "../../jobs/results/export-sentences";
import { readSentencePage } from "../../jobs/results/read-sentences";
import { trackerFor } from "../../jobs/tracker/client";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./jobs.routes";

/** `GET /jobs/{id}`: the job with its live state. */
export const getOne: AppRouteHandler<typeof routes.getOne, AuthEnv> = async (c) => {
  const job = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(jobView(job, await trackerFor(c.env, job.id).snapshot()), 200);
};

/** `GET /jobs/{id}/sentences`: a page of a completed job's sentences (304 when the client's copy is current). */
export const sentences: AppRouteHandler<typeof routes.sentences, AuthEnv> = async (c) => {
  const found = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  const job = await withLiveResult(c.env, found);
  const { cursor, limit, include } = c.req.valid("query");
  const source = include === "source";
  const variant = `sentences?cursor=${cursor ?? ""}&limit=${limit}&source=${source}`;
  const fresh = await resultFreshness(job, variant, c.req.header("if-none-match"));
  if (fresh.notModified) return new Response(null, { status: 304, headers: fresh.headers });
  const page = await readSentencePage(c.env.PDF_BUCKET, job, { cursor, limit, source });
  return c.json(page, 200, fresh.headers);
};

/** `GET /jobs/{id}/download`: every sentence, with its original, as a file (304 when the copy is current). */
export const download: AppRouteHandler<typeof routes.download, AuthEnv> = async (c) => {
  const found = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  const job = await withLiveResult(c.env, found);
  const { format } = c.req.valid("query");
  const fresh = await resultFreshness(job, `download?format=${format}`, c.req.header("if-none-match"));
  if (fresh.notModified) return new Response(null, { status: 304, headers: fresh.headers });
  return exportSentences(c.env.PDF_BUCKET, job, format, fresh.headers);
};

/** `POST /jobs/{id}/cancel`: stops a running job. */
export const cancel: AppRouteHandler<typeof routes.cancel, AuthEnv> = async (c) => {
  const job = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(jobView(job, await stopJob(c.env, job.id)), 200);
};

/** `POST /jobs/{id}/retry`: queues a failed or cancelled job's unfinished work again. */
export const retry: AppRouteHandler<typeof routes.retry, AuthEnv> = async (c) => {
  const job = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(jobView(job, await resumeJob(c.env, job.id)), 202);
};
