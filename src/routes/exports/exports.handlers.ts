import { createExport } from "../../exports/create-export";
import { findOwnedExport } from "../../exports/export-store";
import { exportLinks, exportView, listExports } from "../../exports/export-view";
import { findOwnedJob } from "../../jobs/job-view";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./exports.routes";

/** `POST /jobs/{id}/exports`: 202 with the new export, which runs from the export queue. */
export const create: AppRouteHandler<typeof routes.create, AuthEnv> = async (c) => {
  const row = await createExport(c.env, c.var.db, {
    userId: c.var.principal.userId,
    jobId: c.req.valid("param").id,
    request: c.req.valid("json"),
  });
  const links = exportLinks(row);
  return c.json({ export_id: row.id, status: "pending" as const, links }, 202, { Location: links.self });
};

/** `GET /exports/{id}`: one export of the caller. */
export const getOne: AppRouteHandler<typeof routes.getOne, AuthEnv> = async (c) => {
  const row = await findOwnedExport(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(exportView(row), 200);
};

/** `GET /jobs/{id}/exports`: the exports of one of the caller's jobs. */
export const listForJob: AppRouteHandler<typeof routes.listForJob, AuthEnv> = async (c) => {
  const job = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  const query = c.req.valid("query");
  return c.json(await listExports(c.var.db, c.var.principal.userId, { ...query, jobId: job.id }), 200);
};

/** `GET /exports`: the caller's exports. */
export const list: AppRouteHandler<typeof routes.list, AuthEnv> = async (c) =>
  c.json(await listExports(c.var.db, c.var.principal.userId, c.req.valid("query")), 200);
