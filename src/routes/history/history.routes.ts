import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { JobAcceptedSchema, JobIdParams } from "../jobs/jobs.schemas";
import { DuplicateBodySchema, HistoryEntrySchema, HistoryPageSchema, HistoryQuery } from "./history.schemas";

const security = [{ bearerAuth: [] }];
const read = requireAuth({ scopes: ["history:read"] });
const write = requireAuth({ scopes: ["jobs:write"] });
const IfNoneMatchHeaders = z.object({
  "if-none-match": z.string().optional().openapi({
    description: "The `ETag` of the page I hold (a list of tags, or `*`)",
    example: 'W/"8f14e45fceea167a5a36dedd4bea2543"',
  }),
});
const pageEtag = z.string().openapi({ description: "Weak validator of this page, until my history changes" });
/** What every route on one entry can answer: not signed in, not allowed, no such entry of mine, a bad id. */
const ENTRY_ERRORS = [...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"] as const;

export const list = createRoute({
  operationId: "listHistory",
  method: "get",
  path: "/history",
  tags: ["History"],
  summary: "My jobs, newest first, a page at a time (deleted entries excluded)",
  description:
    "Each page carries a weak `ETag` that changes as soon as any of my jobs is created, progresses, ends or is deleted. A client polling the list sends it back in `If-None-Match` and gets 304 with no body while nothing changed (the page is not read at all). The tag is per URL (query included); responses stay `Cache-Control: private, no-store`, so the client keeps the tag and the page itself. A page sent without an `ETag` (the version was momentarily unavailable) is complete all the same.",
  security,
  middleware: [read] as const,
  request: { query: HistoryQuery, headers: IfNoneMatchHeaders },
  responses: {
    200: {
      description: "A page of history",
      headers: z.object({ ETag: pageEtag.optional() }),
      content: { "application/json": { schema: HistoryPageSchema } },
    },
    304: {
      description: "The page named by `If-None-Match` is current",
      headers: z.object({ ETag: pageEtag }),
    },
    ...problemResponses(...AUTH_ERRORS, "VALIDATION_FAILED"),
  },
});

export const getOne = createRoute({
  operationId: "getHistoryEntry",
  method: "get",
  path: "/history/{id}",
  tags: ["History"],
  summary: "One history entry in full: settings used, counts, stats, usage, timings, error, export links",
  security,
  middleware: [read] as const,
  request: { params: JobIdParams },
  responses: {
    200: { description: "The entry", content: { "application/json": { schema: HistoryEntrySchema } } },
    ...problemResponses(...ENTRY_ERRORS),
  },
});

export const remove = createRoute({
  operationId: "deleteHistoryEntry",
  method: "delete",
  path: "/history/{id}",
  tags: ["History"],
  summary: "Delete an entry (a running job is cancelled); its PDF and results are purged later",
  security,
  middleware: [write] as const,
  request: { params: JobIdParams },
  responses: { 204: { description: "Deleted" }, ...problemResponses(...ENTRY_ERRORS) },
});

export const duplicate = createRoute({
  operationId: "duplicateHistoryEntry",
  method: "post",
  path: "/history/{id}/duplicate",
  tags: ["History"],
  summary: "Process an entry's stored PDF again as a new job, with my current settings or the given changes",
  description:
    "The body is optional. An identical earlier result is served from the cache (the job is then born completed) unless `cache` is false. Counts against the upload rate limit.",
  security,
  middleware: [write] as const,
  request: {
    params: JobIdParams,
    body: { required: false, content: { "application/json": { schema: DuplicateBodySchema } } },
  },
  responses: {
    202: {
      description: "The new job",
      headers: z.object({ Location: z.string() }),
      content: { "application/json": { schema: JobAcceptedSchema } },
    },
    ...problemResponses(...ENTRY_ERRORS, ...JSON_BODY_ERRORS, "CONFLICT", "RATE_LIMITED"),
  },
});
