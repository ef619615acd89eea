import { deletionView, requestAccountDeletion } from "../../account/deletion/request";
import { checkDownloadLink } from "../../account/export/download-link";
import {
  exportView,
  findExport,
  findOwnedExport,
  openExportZip,
  requestAccountExport,
} from "../../account/export/exports";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./account.routes";

/** `POST /account/export`: queues a ZIP of the caller's data. */
export const requestExport: AppRouteHandler<typeof routes.requestExport, AuthEnv> = async (c) => {
  const { include_pdfs } = c.req.valid("query");
  const row = await requestAccountExport(c.env, c.var.db, c.var.principal.userId, include_pdfs);
  return c.json(await exportView(c.var.config, row), 202);
};

/** `GET /account/exports/{id}`: one of the caller's exports, 404 for any other. */
export const getExport: AppRouteHandler<typeof routes.getExport, AuthEnv> = async (c) => {
  const row = await findOwnedExport(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(await exportView(c.var.config, row), 200);
};

/** `GET /account/exports/{id}/download`: streams the ZIP to whoever holds a valid signed link. */
export const downloadExport: AppRouteHandler<typeof routes.downloadExport> = async (c) => {
  const { id } = c.req.valid("param");
  const { expires, signature } = c.req.valid("query");
  const row = await findExport(c.var.db, id);
  await checkDownloadLink(c.var.config, { exportId: id, userId: row.userId, expires, signature }, Date.now());
  const zip = await openExportZip(c.env.PDF_BUCKET, row);
  return new Response(zip.body, {
    status: 200,
    headers: {
      "content-type": "application/zip",
      "content-length": String(zip.size),
      "content-disposition": `attachment; filename="french-novel-tool-data-${row.id}.zip"`,
      "cache-control": "private, no-store",
    },
  });
};

/** `DELETE /account`: blocks the account at once and queues its erasure. */
export const deleteAccount: AppRouteHandler<typeof routes.deleteAccount, AuthEnv> = async (c) => {
  const { confirm } = c.req.valid("json");
  const row = await requestAccountDeletion(c.env, c.var.db, c.var.config, c.var.principal.userId, confirm);
  return c.json(deletionView(row), 202);
};
