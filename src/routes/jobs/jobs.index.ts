import { createDb } from "../../db/client";
import { receiveUpload } from "../../jobs/creation/receive-upload";
import { resumeJob, stopJob } from "../../jobs/job-control";
import { findOwnedJob, jobLinks, jobView, withLiveResult } from "../../jobs/job-view";
import { exportSentences } from "../../jobs/results/export-sentences";
import { readSentencePage } from "../../jobs/results/read-sentences";
import { trackerFor } from "../../jobs/tracker/client";
import { ApiError } from "../../lib/errors";
import { createRouter } from "../router";
import { cancelJob, downloadSentences, getJob, getSentences, jobEvents, retryJob } from "./jobs.routes";
import { uploadPdf } from "./upload.routes";

export const jobsRouter = createRouter()
  .openapi(uploadPdf, async (c) => {
    const { pdf_file, cache, ...overrides } = c.req.valid("form");
    const { jobId, status, replayed } = await receiveUpload(c.env, createDb(c.env.DB), c.var.config, {
      userId: c.var.principal.userId,
      file: pdf_file,
      overrides,
      idempotencyKey: c.req.valid("header")["idempotency-key"],
      useCache: cache !== "false",
    });
    const links = jobLinks(jobId);
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json({ job_id: jobId, status, links }, 202, {
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
    if (!stream.ok)
      throw new ApiError("CONFLICT", { detail: "The job never started; upload the PDF again." });
    return new Response(stream.body, { status: 200, headers: stream.headers });
  })
  .openapi(getSentences, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    const { cursor, limit } = c.req.valid("query");
    return c.json(
      await readSentencePage(c.env.PDF_BUCKET, await withLiveResult(c.env, job), cursor, limit),
      200,
    );
  })
  .openapi(downloadSentences, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    return exportSentences(c.env.PDF_BUCKET, await withLiveResult(c.env, job), c.req.valid("query").format);
  })
  .openapi(cancelJob, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    return c.json(jobView(job, await stopJob(c.env, job.id)), 200);
  })
  .openapi(retryJob, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    return c.json(jobView(job, await resumeJob(c.env, job.id)), 202);
  });
