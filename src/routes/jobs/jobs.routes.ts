import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import {
  DownloadQuery,
  JOB_READ_ERRORS,
  JobIdParams,
  JobSchema,
  SentencePageSchema,
  SentenceSchema,
  SentencesQuery,
} from "./jobs.schemas";

const read = requireAuth({ scopes: ["jobs:read"] });
const write = requireAuth({ scopes: ["jobs:write"] });
const etagHeaders = z.object({
  ETag: z.string().openapi({ description: "Strong validator of this representation of a completed result" }),
});
const notModified = { description: "The copy named by `If-None-Match` is current", headers: etagHeaders };
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
  responses: { 200: jobResponse("The job"), ...problemResponses(...JOB_READ_ERRORS) },
});

export const sentences = createRoute({
  operationId: "getJobSentences",
  method: "get",
  path: "/jobs/{id}/sentences",
  tags: ["Jobs"],
  summary: "A page of a completed job's sentences, in order",
  description:
    "Completed results never change: the answer carries a strong `ETag`, and `If-None-Match` with it answers 304.",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams, query: SentencesQuery },
  responses: {
    200: {
      description: "Sentences",
      headers: etagHeaders,
      content: { "application/json": { schema: SentencePageSchema } },
    },
    304: notModified,
    ...problemResponses(...JOB_READ_ERRORS, "CONFLICT"),
  },
});

export const download = createRoute({
  operationId: "downloadJobSentences",
  method: "get",
  path: "/jobs/{id}/download",
  tags: ["Jobs"],
  summary: "All sentences of a completed job, each with its original, as a JSON, CSV, TSV, Anki or text file",
  description:
    "Streamed as an attachment named after the PDF (`roman.pdf` → `roman-sentences.csv`, `roman-anki.txt`). `json`: an array of `Sentence` in order. `csv` and `tsv`: UTF-8 with a byte-order mark (so spreadsheets read the accents), CRLF line ends, a header row with every column (`index`, `sentence`, `source_text`, `page`, `chapter`, `fallback`), fields quoted as RFC 4180 when they hold the separator, a quote or a line break; cells a spreadsheet would read as a formula are prefixed with `'`. The file carries a strong `ETag`; `If-None-Match` with it answers 304.",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams, query: DownloadQuery },
  responses: {
    200: {
      description: "The file",
      headers: etagHeaders.extend({
        "Content-Disposition": z.string().openapi({
          example: `attachment; filename="roman-sentences.csv"; filename*=UTF-8''roman-sentences.csv`,
        }),
      }),
      content: {
        "application/json": { schema: z.array(SentenceSchema) },
        "text/csv": {
          schema: z.string(),
          example:
            "\uFEFFindex,sentence,source_text,page,chapter,fallback\r\n0,Le soleil se levait.,Le soleil se levait.,1,,false\r\n",
        },
        "text/tab-separated-values": {
          schema: z.string(),
          example:
            "\uFEFFindex\tsentence\tsource_text\tpage\tchapter\tfallback\r\n0\tLe soleil se levait.\tLe soleil se levait.\t1\t\tfalse\r\n",
        },
        "text/plain": { schema: z.string(), example: "Le soleil se levait.\n" },
      },
    },
    304: notModified,
    ...problemResponses(...JOB_READ_ERRORS, "CONFLICT"),
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
  responses: { 200: jobResponse("The cancelled job"), ...problemResponses(...JOB_READ_ERRORS, "CONFLICT") },
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
    ...problemResponses(...JOB_READ_ERRORS, "CONFLICT"),
  },
});
