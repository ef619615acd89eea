import { resumeJob, stopJob } from "../../jobs/job-control";
import { findOwnedJob, jobView, withLiveResult } from "../../jobs/job-view";
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

/** `GET /jobs/{id}/sentences`: a page of a completed job's sentences. */
export const sentences: AppRouteHandler<typeof routes.sentences, AuthEnv> = async (c) => {
  const job = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  const { cursor, limit } = c.req.valid("query");
  return c.json(
    await readSentencePage(c.env.PDF_BUCKET, await withLiveResult(c.env, job), cursor, limit),
    200,
  );
};

/** `GET /jobs/{id}/download`: every sentence as a JSON, CSV or TSV file. */
export const download: AppRouteHandler<typeof routes.download, AuthEnv> = async (c) => {
  const job = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return exportSentences(c.env.PDF_BUCKET, await withLiveResult(c.env, job), c.req.valid("query").format);
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
