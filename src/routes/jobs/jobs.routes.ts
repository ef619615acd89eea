import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../../lib/problem";
import { requireAuth } from "../../middleware/auth";
import { limitUploadBody } from "../../middleware/limits";
import { SettingsFormSchema } from "../../settings/settings.schema";
import {
  DownloadQuery,
  JobAcceptedSchema,
  JobIdParams,
  JobSchema,
  SentencePageSchema,
  SentencesQuery,
} from "./jobs.schemas";

const read = requireAuth({ scopes: ["jobs:read"] });
const write = requireAuth({ scopes: ["jobs:write"] });
const jobResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: JobSchema } },
});

export const UPLOAD_PATH = "/process-pdf";

const UploadFormSchema = SettingsFormSchema.extend({
  pdf_file: z
    .instanceof(File, { message: "a PDF file is required in the pdf_file field" })
    .openapi({ type: "string", format: "binary", description: "The PDF (at most MAX_PDF_BYTES)" }),
  cache: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`false` bypasses the result cache for this upload" }),
}).openapi("UploadForm");

export const upload = createRoute({
  operationId: "processPdf",
  method: "post",
  path: UPLOAD_PATH,
  tags: ["Jobs"],
  summary: "Upload a French PDF and start turning it into learner-sized sentences",
  description:
    "Answers 202 at once with the job; follow it at `links.events` or poll `links.self`. Any setting may be overridden for this job with a form field of the same name. With an `Idempotency-Key`, repeating the same request returns the same job.",
  security: [{ bearerAuth: [] }],
  middleware: [write, limitUploadBody] as const,
  request: {
    headers: z.object({
      "idempotency-key": z
        .string()
        .min(1)
        .max(255)
        .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
        .optional(),
    }),
    body: { required: true, content: { "multipart/form-data": { schema: UploadFormSchema } } },
  },
  responses: {
    202: {
      description: "Job accepted (or, with a reused Idempotency-Key, the job of the first request)",
      headers: z.object({ Location: z.string() }),
      content: { "application/json": { schema: JobAcceptedSchema } },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 422, 429),
  },
});

export const getOne = createRoute({
  operationId: "getJob",
  method: "get",
  path: "/jobs/{id}",
  tags: ["Jobs"],
  summary: "A job's live status, progress, counts and error",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams },
  responses: { 200: jobResponse("The job"), ...problemResponses(401, 403, 404, 422) },
});

export const events = createRoute({
  operationId: "getJobEvents",
  method: "get",
  path: "/jobs/{id}/events",
  tags: ["Jobs"],
  summary: "Server-Sent Events: one `status` event per progress change, closed once the job ends",
  description:
    "Each event's data is `{ job_id, status, progress, chunks, sentence_count, error, updated_at }`. Send the bearer token in the Authorization header (use a fetch-based EventSource client).",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams },
  responses: {
    200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } },
    ...problemResponses(401, 403, 404, 422),
  },
});

export const sentences = createRoute({
  operationId: "getJobSentences",
  method: "get",
  path: "/jobs/{id}/sentences",
  tags: ["Jobs"],
  summary: "A page of a completed job's sentences, in order",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams, query: SentencesQuery },
  responses: {
    200: { description: "Sentences", content: { "application/json": { schema: SentencePageSchema } } },
    ...problemResponses(401, 403, 404, 409, 422),
  },
});

export const download = createRoute({
  operationId: "downloadJobSentences",
  method: "get",
  path: "/jobs/{id}/download",
  tags: ["Jobs"],
  summary: "All sentences of a completed job as a JSON, CSV or TSV file (with a header row)",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams, query: DownloadQuery },
  responses: {
    200: {
      description: "The file",
      content: {
        "application/json": { schema: z.array(z.any()) },
        "text/csv": { schema: z.string() },
        "text/tab-separated-values": { schema: z.string() },
      },
    },
    ...problemResponses(401, 403, 404, 409, 422),
  },
});

export const cancel = createRoute({
  operationId: "cancelJob",
  method: "post",
  path: "/jobs/{id}/cancel",
  tags: ["Jobs"],
  summary: "Stop a pending or processing job (chunks in flight are discarded)",
  security: [{ bearerAuth: [] }],
  middleware: [write] as const,
  request: { params: JobIdParams },
  responses: { 200: jobResponse("The cancelled job"), ...problemResponses(401, 403, 404, 409, 422) },
});

export const retry = createRoute({
  operationId: "retryJob",
  method: "post",
  path: "/jobs/{id}/retry",
  tags: ["Jobs"],
  summary: "Reprocess a failed or cancelled job's unfinished chunks from the stored PDF",
  security: [{ bearerAuth: [] }],
  middleware: [write] as const,
  request: { params: JobIdParams },
  responses: { 202: jobResponse("The job, processing again"), ...problemResponses(401, 403, 404, 409, 422) },
});
