import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { JOB_READ_ERRORS, JobIdParams } from "../jobs/jobs.schemas";
import {
  CreateExportSchema,
  ExportAcceptedSchema,
  ExportIdParams,
  ExportListQuery,
  ExportPageSchema,
  ExportSchema,
} from "./exports.schemas";

const security = [{ bearerAuth: [] }];
const read = requireAuth({ scopes: ["jobs:read"] });
const write = requireAuth({ scopes: ["exports:write"] });
const page = (description: string) => ({
  description,
  content: { "application/json": { schema: ExportPageSchema } },
});

export const create = createRoute({
  operationId: "createExport",
  method: "post",
  path: "/jobs/{id}/exports",
  tags: ["Exports"],
  summary: "Export a completed job's sentences to Google Sheets (a new spreadsheet, or appended to one)",
  description:
    "Answers 202 at once; the export runs from a queue (follow `links.self`). Values are written RAW (never formulas), in batches, and an append never overwrites a row. 403 `GOOGLE_SCOPE_MISSING` when the Google grant lacks the access the export needs: its `authorize_url` starts the sign-in that asks for it. 409 `JOB_NOT_COMPLETED` before the job completed.",
  security,
  middleware: [write] as const,
  request: {
    params: JobIdParams,
    body: { required: true, content: { "application/json": { schema: CreateExportSchema } } },
  },
  responses: {
    202: {
      description: "Export accepted",
      headers: z.object({ Location: z.string() }),
      content: { "application/json": { schema: ExportAcceptedSchema } },
    },
    ...problemResponses(
      ...AUTH_ERRORS,
      ...JSON_BODY_ERRORS,
      "GOOGLE_SCOPE_MISSING",
      "NOT_FOUND",
      "JOB_NOT_COMPLETED",
    ),
  },
});

export const getOne = createRoute({
  operationId: "getExport",
  method: "get",
  path: "/exports/{id}",
  tags: ["Exports"],
  summary: "An export's status, rows written, spreadsheet and error",
  security,
  middleware: [read] as const,
  request: { params: ExportIdParams },
  responses: {
    200: { description: "The export", content: { "application/json": { schema: ExportSchema } } },
    ...problemResponses(...JOB_READ_ERRORS),
  },
});

export const listForJob = createRoute({
  operationId: "listJobExports",
  method: "get",
  path: "/jobs/{id}/exports",
  tags: ["Exports"],
  summary: "A job's exports, newest first, a page at a time",
  security,
  middleware: [read] as const,
  request: { params: JobIdParams, query: ExportListQuery },
  responses: { 200: page("A page of the job's exports"), ...problemResponses(...JOB_READ_ERRORS) },
});

export const list = createRoute({
  operationId: "listExports",
  method: "get",
  path: "/exports",
  tags: ["Exports"],
  summary: "My exports, newest first, a page at a time",
  security,
  middleware: [read] as const,
  request: { query: ExportListQuery },
  responses: { 200: page("A page of my exports"), ...problemResponses(...AUTH_ERRORS, "VALIDATION_FAILED") },
});
