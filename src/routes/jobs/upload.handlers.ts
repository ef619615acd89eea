import { estimateJob } from "../../jobs/creation/estimate-job";
import { receiveUpload } from "../../jobs/creation/receive-upload";
import { jobLinks } from "../../jobs/job-view";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./upload.routes";

/** `POST /process-pdf`: 202 with the new job, or the job an earlier request with the same key created. */
export const upload: AppRouteHandler<typeof routes.upload, AuthEnv> = async (c) => {
  const { pdf_file, cache, ...overrides } = c.req.valid("form");
  const { jobId, status, replayed } = await receiveUpload(c.env, c.var.db, c.var.config, {
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
};

/** `POST /estimate`: the cost of an upload of this file, nothing stored. */
export const estimate: AppRouteHandler<typeof routes.estimate, AuthEnv> = async (c) => {
  const { pdf_file, cache, ...overrides } = c.req.valid("form");
  const input = { userId: c.var.principal.userId, file: pdf_file, overrides, useCache: cache !== "false" };
  return c.json(await estimateJob(c.env, c.var.db, c.var.config, input), 200);
};
