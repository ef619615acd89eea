import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { limitBatchBody } from "../../middleware/limits";
import { IdempotencyKeyHeader } from "../jobs/upload.routes";
import { PageQuery } from "../page-query";
import {
  BatchAcceptedSchema,
  BatchFormSchema,
  BatchPageSchema,
  BatchParams,
  BatchSchema,
} from "./batches.schemas";

export const BATCHES_PATH = "/batches";

const read = requireAuth({ scopes: ["jobs:read"] });
const write = requireAuth({ scopes: ["jobs:write"] });
const tags = ["Batches"];
const security = [{ bearerAuth: [] }];
const batchResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: BatchSchema } },
});

export const create = createRoute({
  operationId: "createBatch",
  method: "post",
  path: BATCHES_PATH,
  tags,
  summary: "Upload several French PDFs at once: one job each, followed together",
  description:
    "Each file is checked like `POST /process-pdf` and costs one upload of the hourly budget. A file that fails (not a PDF, too large, over the budget) is listed in `rejected` with its problem instead of failing the batch; when none can be processed the answer is a 422. `batch.completed` is sent to webhooks once every job has ended. With an `Idempotency-Key`, repeating the same request returns the same batch.",
  security,
  middleware: [write, limitBatchBody] as const,
  request: {
    headers: z.object({ "idempotency-key": IdempotencyKeyHeader }),
    body: { required: true, content: { "multipart/form-data": { schema: BatchFormSchema } } },
  },
  responses: {
    202: {
      description: "Batch accepted (or, with a reused Idempotency-Key, the batch of the first request)",
      headers: z.object({ Location: z.string() }),
      content: { "application/json": { schema: BatchAcceptedSchema } },
    },
    ...problemResponses(
      ...AUTH_ERRORS,
      "BAD_REQUEST",
      "PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
      "VALIDATION_FAILED",
      "IDEMPOTENCY_KEY_REUSED",
      "IDEMPOTENCY_KEY_IN_USE",
      "RATE_LIMITED",
    ),
  },
});

export const list = createRoute({
  operationId: "listBatches",
  method: "get",
  path: BATCHES_PATH,
  tags,
  summary: "My batches, newest first",
  security,
  middleware: [read] as const,
  request: { query: PageQuery },
  responses: {
    200: { description: "A page of batches", content: { "application/json": { schema: BatchPageSchema } } },
    ...problemResponses(...AUTH_ERRORS, "VALIDATION_FAILED"),
  },
});

export const getOne = createRoute({
  operationId: "getBatch",
  method: "get",
  path: `${BATCHES_PATH}/{id}`,
  tags,
  summary: "A batch: counts by status, progress, each job's status",
  description: "Each job's results are readable through the job routes as soon as that job completes.",
  security,
  middleware: [read] as const,
  request: { params: BatchParams },
  responses: {
    200: batchResponse("The batch"),
    ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"),
  },
});

export const cancel = createRoute({
  operationId: "cancelBatch",
  method: "post",
  path: `${BATCHES_PATH}/{id}/cancel`,
  tags,
  summary: "Cancel every job of the batch still pending or processing",
  security,
  middleware: [write] as const,
  request: { params: BatchParams },
  responses: {
    200: batchResponse("The batch, its running jobs cancelled"),
    ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"),
  },
});
