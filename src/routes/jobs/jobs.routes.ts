import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../../lib/problem";
import { requireAuth } from "../../middleware/auth";
import { DownloadQuery, JobIdParams, JobSchema, SentencePageSchema, SentencesQuery } from "./jobs.schemas";

const read = requireAuth({ scopes: ["jobs:read"] });
const write = requireAuth({ scopes: ["jobs:write"] });
const jobResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: JobSchema } },
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
    "Each event's data is `{ job_id, status, progress, chunks, sentence_count, redrives, error, updated_at }`. Send the bearer token in the Authorization header (use a fetch-based EventSource client).",
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
