import { createRoute, z } from "@hono/zod-openapi";
import { ACCOUNT_DELETION_STATUSES, ACCOUNT_EXPORT_STATUSES } from "../../db/schema";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { IdParamSchema } from "../auth/auth.schemas";

const security = [{ bearerAuth: [] }];
const sessionOnly = requireAuth({ sessionOnly: true });
const dateTime = (description?: string) =>
  z.string().nullable().openapi({ format: "date-time", description });

export const AccountExportSchema = z
  .object({
    export_id: z.string(),
    status: z.enum(ACCOUNT_EXPORT_STATUSES),
    include_pdfs: z.boolean(),
    size_bytes: z.number().int().nullable(),
    file_count: z.number().int().nullable(),
    error: z.object({ error_code: z.string(), message: z.string() }).nullable(),
    created_at: z.string().openapi({ format: "date-time" }),
    completed_at: dateTime(),
    expires_at: dateTime("When the ZIP is deleted (7 days after completion)"),
    download: z
      .object({ url: z.string(), expires_at: z.string().openapi({ format: "date-time" }) })
      .nullable()
      .openapi({ description: "Once completed: a signed link to the ZIP, valid 24 hours" }),
    links: z.object({ self: z.string() }),
  })
  .openapi("AccountExport");

const ExportQuery = z.object({
  include_pdfs: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true")
    .openapi({ description: "`false` leaves the uploaded PDFs out of the ZIP" }),
});

export const requestExport = createRoute({
  operationId: "requestAccountExport",
  method: "post",
  path: "/account/export",
  tags: ["Account"],
  summary: "Export all my data as one ZIP (built in the background)",
  description:
    "Follow it with GET /account/exports/{id}. At most one export runs per user (409 EXPORT_IN_PROGRESS).",
  middleware: [sessionOnly] as const,
  security,
  request: { query: ExportQuery },
  responses: {
    202: { description: "Accepted", content: { "application/json": { schema: AccountExportSchema } } },
    ...problemResponses(...AUTH_ERRORS, "EXPORT_IN_PROGRESS", "VALIDATION_FAILED"),
  },
});

export const getExport = createRoute({
  operationId: "getAccountExport",
  method: "get",
  path: "/account/exports/{id}",
  tags: ["Account"],
  summary: "One of my data exports: its status and, once completed, a download link",
  middleware: [sessionOnly] as const,
  security,
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The export", content: { "application/json": { schema: AccountExportSchema } } },
    ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"),
  },
});

const DownloadQuery = z.object({
  expires: z.coerce.number().int().positive(),
  signature: z.string().max(128),
});

export const downloadExport = createRoute({
  operationId: "downloadAccountExport",
  method: "get",
  path: "/account/exports/{id}/download",
  tags: ["Account"],
  summary: "The ZIP of a completed export, through the signed link GET /account/exports/{id} hands out",
  description:
    "The link itself is the credential (an HMAC of the export, its owner and the expiry): no bearer token is needed, so a browser can follow it. A forged link is 404, an expired one 410.",
  request: { params: IdParamSchema, query: DownloadQuery },
  responses: {
    200: {
      description: "The ZIP",
      content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...problemResponses("NOT_FOUND", "EXPORT_NOT_READY", "DOWNLOAD_LINK_EXPIRED", "VALIDATION_FAILED"),
  },
});

const DeleteAccountSchema = z
  .object({ confirm: z.string().max(320).openapi({ description: "The email address of the account" }) })
  .openapi("DeleteAccountRequest");

export const AccountDeletionSchema = z
  .object({
    status: z.enum(ACCOUNT_DELETION_STATUSES),
    requested_at: z.string().openapi({ format: "date-time" }),
    completed_at: dateTime(),
  })
  .openapi("AccountDeletion");

export const deleteAccount = createRoute({
  operationId: "deleteAccount",
  method: "delete",
  path: "/account",
  tags: ["Account"],
  summary: "Delete my account and all its data, for good",
  description:
    "Signs out every session and revokes every API key at once; the erasure (jobs, PDFs, results, exports, settings, Google grant) runs in the background. A wrong confirmation is 422 CONFIRMATION_MISMATCH; asking again is a no-op 202.",
  middleware: [sessionOnly] as const,
  security,
  request: { body: { required: true, content: { "application/json": { schema: DeleteAccountSchema } } } },
  responses: {
    202: { description: "Accepted", content: { "application/json": { schema: AccountDeletionSchema } } },
    ...problemResponses(...AUTH_ERRORS, ...JSON_BODY_ERRORS, "CONFIRMATION_MISMATCH"),
  },
});
