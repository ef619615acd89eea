import { createDb } from "../../db/client";
import { exportSentences } from "../../jobs/export-sentences";
import { findOwnedJob, jobLinks, jobView } from "../../jobs/job-view";
import { readSentencePage } from "../../jobs/read-sentences";
import { receiveUpload } from "../../jobs/receive-upload";
import { trackerFor } from "../../jobs/tracker";
import { createRouter, LARGE_BODY_ROUTES } from "../../lib/create-app";
import { ApiError } from "../../lib/errors";
import { enqueueChunks } from "../../pipeline/prepare-job";
import type { JobMessage } from "../../queues/messages";
import { API_PREFIX } from "../prefix";
import { cancelJob, downloadSentences, getJob, getSentences, jobEvents, retryJob } from "./jobs.routes";
import { UPLOAD_PATH, uploadPdf } from "./upload.routes";

LARGE_BODY_ROUTES.add(`${API_PREFIX}${UPLOAD_PATH}`);

export const jobsRouter = createRouter()
  .openapi(uploadPdf, async (c) => {
    const { pdf_file, cache, ...overrides } = c.req.valid("form");
    const { jobId, replayed } = await receiveUpload(c.env, createDb(c.env.DB), c.var.config, {
      userId: c.var.principal.userId,
      file: pdf_file,
      overrides,
      idempotencyKey: c.req.valid("header")["idempotency-key"],
      useCache: cache !== "false",
    });
    const state = await trackerFor(c.env, jobId).snapshot();
    const links = jobLinks(jobId);
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json({ job_id: jobId, status: state?.status ?? "pending", links }, 202, {
      Location: links.self,
    });
  })
  .openapi(getJob, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    return c.json(jobView(job, await trackerFor(c.env, job.id).snapshot()), 200);
  })
  .openapi(jobEvents, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    const stream = await trackerFor(c.env, job.id).fetch("https://job-tracker/events");
    return new Response(stream.body, { status: 200, headers: stream.headers });
  })
  .openapi(getSentences, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    const { cursor, limit } = c.req.valid("query");
    return c.json(await readSentencePage(c.env.PDF_BUCKET, job, cursor, limit), 200);
  })
  .openapi(downloadSentences, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    if (job.status !== "completed") {
      throw new ApiError("CONFLICT", {
        detail: `The job is ${job.status}; it can be downloaded once completed.`,
      });
    }
    return exportSentences(c.env.PDF_BUCKET, job, c.req.valid("query").format);
  })
  .openapi(cancelJob, async (c) => {
    const db = createDb(c.env.DB);
    const job = await findOwnedJob(db, c.var.principal.userId, c.req.valid("param").id);
    const { changed, state } = await trackerFor(c.env, job.id).cancel();
    if (!changed) throw new ApiError("CONFLICT", { detail: `The job is already ${state.status}.` });
    return c.json(jobView(job, state), 200);
  })
  .openapi(retryJob, async (c) => {
    const db = createDb(c.env.DB);
    const job = await findOwnedJob(db, c.var.principal.userId, c.req.valid("param").id);
    const reopened = await trackerFor(c.env, job.id).reopen();
    if (!reopened.changed) {
      throw new ApiError("CONFLICT", {
        detail: `Only failed or cancelled jobs can be retried; this one is ${reopened.state.status}.`,
      });
    }
    if (reopened.prepare)
      await c.env.JOB_QUEUE.send({ type: "job.prepare", jobId: job.id } satisfies JobMessage, {
        contentType: "json",
      });
    else await enqueueChunks(c.env.JOB_QUEUE, job.id, reopened.chunks);
    return c.json(jobView(job, reopened.state), 202);
  });
