import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { limitUploadBody } from "../../middleware/limits";
import { SettingsFormSchema } from "../../settings/settings.schema";
import { JobAcceptedSchema } from "./jobs.schemas";

/** What refuses an uploaded PDF's form before any work: the caller, the form, the file's size and markers. */
const UPLOAD_FILE_ERRORS = [
  ...AUTH_ERRORS,
  "BAD_REQUEST",
  "PDF_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "VALIDATION_FAILED",
  "NOT_A_PDF",
  "PDF_EMPTY",
] as const;

export const UPLOAD_PATH = "/process-pdf";

/** The optional `Idempotency-Key` request header of the upload routes. */
export const IdempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
  .optional();

export const UploadFormSchema = SettingsFormSchema.extend({
  pdf_file: z
    .instanceof(File, { message: "a PDF file is required in the pdf_file field" })
    .openapi({ type: "string", format: "binary", description: "The PDF (at most MAX_PDF_BYTES)" }),
  cache: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`false` bypasses the result cache for this upload" }),
}).openapi("UploadForm", { example: { sentence_length_limit: "10", cache: "false" } });

export const upload = createRoute({
  operationId: "processPdf",
  method: "post",
  path: UPLOAD_PATH,
  tags: ["Jobs"],
  summary: "Upload a French PDF and start turning it into learner-sized sentences",
  description:
    "Answers 202 at once with the job; follow it at `links.events` or poll `links.self`. Any setting may be overridden for this job with a form field of the same name. With an `Idempotency-Key`, repeating the same request returns the same job.",
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth({ scopes: ["jobs:write"] }), limitUploadBody] as const,
  request: {
    headers: z.object({ "idempotency-key": IdempotencyKeyHeader }),
    body: { required: true, content: { "multipart/form-data": { schema: UploadFormSchema } } },
  },
  responses: {
    202: {
      description: "Job accepted (or, with a reused Idempotency-Key, the job of the first request)",
      headers: z.object({ Location: z.string() }),
      content: { "application/json": { schema: JobAcceptedSchema } },
    },
    ...problemResponses(
      ...UPLOAD_FILE_ERRORS,
      "IDEMPOTENCY_KEY_REUSED",
      "IDEMPOTENCY_KEY_IN_USE",
      "PLAN_LIMIT",
      "QUOTA_EXCEEDED",
      "TOO_MANY_ACTIVE_JOBS",
    ),
  },
});

export const ESTIMATE_PATH = "/estimate";

const EstimateSchema = z
  .object({
    pages: z.number().int(),
    cached: z.boolean().openapi({ description: "An identical result exists: the job would cost nothing" }),
    quota_cost: z.number().int().openapi({ description: "Pages the job would reserve from this month" }),
    pages_left: z.number().int(),
    pages_left_after: z.number().int().openapi({ description: "Negative when the job would not fit" }),
    within_quota: z.boolean(),
    within_plan: z
      .boolean()
      .openapi({ description: "The PDF has no more pages than the plan's max_pages_per_pdf" }),
    plan: z.string(),
    engine: z.enum(["offline", "gemini"]),
    model: z.string().nullable(),
    estimated_gemini_tokens: z
      .number()
      .int()
      .openapi({ description: "Rough; 0 for the offline engine or a cached result" }),
  })
  .openapi("Estimate");

export const estimate = createRoute({
  operationId: "estimatePdf",
  method: "post",
  path: ESTIMATE_PATH,
  tags: ["Jobs"],
  summary: "What processing a PDF would cost: pages, quota, engine, Gemini tokens; nothing is stored",
  description:
    "Takes the same form as `process-pdf` and answers the same errors for a bad file. Only the page count and a sample of pages are read.",
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth({ scopes: ["jobs:write"] }), limitUploadBody] as const,
  request: {
    body: { required: true, content: { "multipart/form-data": { schema: UploadFormSchema } } },
  },
  responses: {
    200: { description: "The estimate", content: { "application/json": { schema: EstimateSchema } } },
    ...problemResponses(...UPLOAD_FILE_ERRORS, "PDF_UNREADABLE", "PLAN_LIMIT"),
  },
});
