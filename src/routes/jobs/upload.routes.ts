import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { limitUploadBody } from "../../middleware/limits";
import { SettingsFormSchema } from "../../settings/settings.schema";
import { JobAcceptedSchema } from "./jobs.schemas";

export const UPLOAD_PATH = "/process-pdf";

/** The optional `Idempotency-Key` request header of the upload routes. */
export const IdempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
  .optional();

const UploadFormSchema = SettingsFormSchema.extend({
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
      ...AUTH_ERRORS,
      "BAD_REQUEST",
      "PDF_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
      "VALIDATION_FAILED",
      "NOT_A_PDF",
      "PDF_EMPTY",
      "IDEMPOTENCY_KEY_REUSED",
      "IDEMPOTENCY_KEY_IN_USE",
      "RATE_LIMITED",
    ),
  },
});
