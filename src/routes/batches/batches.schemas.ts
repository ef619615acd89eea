import { z } from "@hono/zod-openapi";
import { MAX_BATCH_FILES } from "../../batches/create-batch";
import { JOB_STATUSES } from "../../db/schema";
import { SettingsFormSchema } from "../../settings/settings.schema";

const dateTime = z.string().openapi({ format: "date-time" });
const pdfFile = z.instanceof(File, { message: "each pdf_files entry must be a file" });

export const BatchFormSchema = SettingsFormSchema.extend({
  // A form with one file gives a single value, with several an array: both become an array.
  pdf_files: z
    .preprocess(
      (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]),
      z.array(pdfFile),
    )
    .pipe(
      z
        .array(pdfFile)
        .min(1, "at least one PDF in pdf_files")
        .max(MAX_BATCH_FILES, `at most ${MAX_BATCH_FILES} PDFs in one batch`),
    )
    .openapi({
      type: "array",
      items: { type: "string", format: "binary" },
      description: `1 to ${MAX_BATCH_FILES} PDFs, each at most MAX_PDF_BYTES, all together at most MAX_BATCH_BYTES`,
    }),
  cache: z.enum(["true", "false"]).optional().openapi({ description: "`false` bypasses the result cache" }),
}).openapi("BatchForm");

const Counts = z
  .object({
    total: z.number().int(),
    ...Object.fromEntries(JOB_STATUSES.map((status) => [status, z.number().int()])),
  })
  .openapi("BatchCounts");

const RejectedFileSchema = z
  .object({
    filename: z.string(),
    problem: z.object({
      error_code: z.string().openapi({ example: "NOT_A_PDF" }),
      status: z.number().int(),
      detail: z.string(),
    }),
  })
  .openapi("RejectedFile");

const links = z.object({ self: z.string() });

export const BatchAcceptedSchema = z
  .object({
    batch_id: z.uuid(),
    jobs: z.array(z.object({ job_id: z.uuid(), filename: z.string(), status: z.enum(JOB_STATUSES) })),
    rejected: z
      .array(RejectedFileSchema)
      .openapi({ description: "Files that got no job, with their problem" }),
    links,
  })
  .openapi("BatchAccepted");

const status = z
  .enum(["processing", "completed"])
  .openapi({ description: "`completed` once every job has ended" });

export const BatchSchema = z
  .object({
    batch_id: z.uuid(),
    status,
    counts: Counts,
    progress: z.number().int().min(0).max(100),
    jobs: z.array(
      z.object({
        job_id: z.uuid(),
        filename: z.string(),
        status: z.enum(JOB_STATUSES),
        progress: z.number().int(),
        links,
      }),
    ),
    rejected: z.array(RejectedFileSchema),
    created_at: dateTime,
    completed_at: dateTime.nullable(),
    links,
  })
  .openapi("Batch");

export const BatchPageSchema = z
  .object({
    items: z.array(
      z.object({
        batch_id: z.uuid(),
        status,
        counts: Counts,
        created_at: dateTime,
        completed_at: dateTime.nullable(),
        links,
      }),
    ),
    next_cursor: z.string().nullable(),
  })
  .openapi("BatchPage");

export const BatchParams = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
