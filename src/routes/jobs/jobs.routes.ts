import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { JOB_STATUS_EXAMPLE } from "../examples";
import {
  DownloadQuery,
  JobEventSchema,
  JobIdParams,
  JobSchema,
  SentencePageSchema,
  SentenceSchema,
  SentencesQuery,
} from "./jobs.schemas";

const read = requireAuth({ scopes: ["jobs:read"] });
const write = requireAuth({ scopes: ["jobs:write"] });
/** What every route on one job can answer: not signed in, not allowed, no such job of mine, a bad id. */
const READ_ERRORS = [...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"] as const;
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
  responses: { 200: jobResponse("The job"), ...problemResponses(...READ_ERRORS) },
});

export const events = createRoute({
  operationId: "getJobEvents",
  method: "get",
  path: "/jobs/{id}/events",
  tags: ["Jobs"],
  summary: "Server-Sent Events: one `status` event per progress change, closed once the job ends",
  description:
    "The stream opens with `retry: 3000`, then sends `event: status` frames whose `data` is a JSON `JobStatusEvent` (the first one is the current state), and a `: keep-alive` comment every 15 s. It closes after the event of a completed, failed or cancelled job. Send the bearer token in the Authorization header (use a fetch-based EventSource client); when the stream breaks, poll `GET /jobs/{id}`.",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams },
  responses: {
    200: {
      description: "An event stream; each event is described by `JobEvent`",
      content: {
        "text/event-stream": {
          schema: JobEventSchema,
          example: `retry: 3000\n\nevent: status\ndata: ${JSON.stringify(JOB_STATUS_EXAMPLE)}\n\n`,
        },
      },
    },
    ...problemResponses(...READ_ERRORS, "CONFLICT"),
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
    ...problemResponses(...READ_ERRORS, "CONFLICT"),
  },
});

export const download = createRoute({
  operationId: "downloadJobSentences",
  method: "get",
  path: "/jobs/{id}/download",
  tags: ["Jobs"],
  summary: "All sentences of a completed job as a JSON, CSV or TSV file",
  description:
    "Streamed as an attachment named after the PDF (`roman.pdf` → `roman-sentences.csv`). `json`: an array of `Sentence` in order. `csv` and `tsv`: UTF-8 with a byte-order mark (so spreadsheets read the accents), CRLF line ends, a header row `index, text, page, source_index, fallback`, fields quoted as RFC 4180 when they hold the separator, a quote or a line break.",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams, query: DownloadQuery },
  responses: {
    200: {
      description: "The file",
      headers: z.object({
        "Content-Disposition": z.string().openapi({
          example: `attachment; filename="roman-sentences.csv"; filename*=UTF-8''roman-sentences.csv`,
        }),
      }),
      content: {
        "application/json": { schema: z.array(SentenceSchema) },
        "text/csv": {
          schema: z.string(),
          example: "\uFEFFindex,text,page,source_index,fallback\r\n0,Le soleil se levait.,1,0,false\r\n",
        },
        "text/tab-separated-values": {
          schema: z.string(),
          example:
            "\uFEFFindex\ttext\tpage\tsource_index\tfallback\r\n0\tLe soleil se levait.\t1\t0\tfalse\r\n",
        },
      },
    },
    ...problemResponses(...READ_ERRORS, "CONFLICT"),
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
  responses: { 200: jobResponse("The cancelled job"), ...problemResponses(...READ_ERRORS, "CONFLICT") },
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
  responses: {
    202: jobResponse("The job, processing again"),
    ...problemResponses(...READ_ERRORS, "CONFLICT"),
  },
});
