import { createDb } from "../../db/client";
import { deleteHistoryEntry as deleteEntry } from "../../history/delete-entry";
import { duplicateJob } from "../../history/duplicate-job";
import { historyEntry } from "../../history/history-view";
import { listHistory as listEntries } from "../../history/list-history";
import { findOwnedJob, jobLinks, jobView } from "../../jobs/job-view";
import { trackerFor } from "../../jobs/tracker/client";
import { createRouter } from "../router";
import { deleteHistoryEntry, duplicateHistoryEntry, getHistoryEntry, listHistory } from "./history.routes";

export const history = createRouter()
  .openapi(listHistory, async (c) =>
    c.json(await listEntries(createDb(c.env.DB), c.var.principal.userId, c.req.valid("query")), 200),
  )
  .openapi(getHistoryEntry, async (c) => {
    const job = await findOwnedJob(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    return c.json(historyEntry(jobView(job, await trackerFor(c.env, job.id).snapshot())), 200);
  })
  .openapi(deleteHistoryEntry, async (c) => {
    await deleteEntry(c.env, createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(duplicateHistoryEntry, async (c) => {
    const { jobId, status } = await duplicateJob(
      c.env,
      createDb(c.env.DB),
      c.var.config,
      c.var.principal.userId,
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    const links = jobLinks(jobId);
    return c.json({ job_id: jobId, status, links }, 202, { Location: links.self });
  });
