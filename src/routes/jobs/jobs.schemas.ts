import { z } from "@hono/zod-openapi";
import { JOB_STATUSES } from "../../db/schema";
import { SettingsSchema } from "../../settings/settings.schema";

const counts = (...names: string[]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.number().int()])));

export const JobLinksSchema = z.object({
  self: z.string(),
  events: z.string(),
  sentences: z.string(),
  download: z.string(),
  history: z.string(),
});

export const JobErrorSchema = z
  .object({
    error_code: z.string().openapi({ example: "PDF_ENCRYPTED" }),
    message: z.string(),
    failed_step: z.string().openapi({ example: "extract" }),
  })
  .openapi("JobError");

const StatsSchema = counts("sentences", "over_limit", "fragments", "words_in", "words_out")
  .extend({
    words_extracted: z.number().int().optional().openapi({
      description:
        "Words of the PDF's text layer before clean-up: words_extracted = words_removed + words_in",
    }),
    words_removed: z.number().int().optional().openapi({
      description: "Words of running heads, page numbers, table-of-contents lines and headings",
    }),
    furniture_lines: z
      .number()
      .int()
      .optional()
      .openapi({ description: "Running heads, feet and page numbers" }),
    toc_lines: z.number().int().optional().openapi({ description: "Table-of-contents lines dropped" }),
    headings: z.number().int().optional().openapi({ description: "Headings turned into chapter labels" }),
  })
  .openapi("JobStats");

export const JobWarningSchema = z
  .object({
    code: z.enum(["SCANNED_PAGES_SKIPPED"]),
    message: z.string(),
    pages: z.array(z.number().int()),
  })
  .openapi("JobWarning");

export const JobSchema = z
  .object({
    job_id: z.string().uuid(),
    status: z.enum(JOB_STATUSES),
    progress: z.number().int().min(0).max(100),
    chunks: counts("total", "done", "failed"),
    sentence_count: z.number().int(),
    filename: z.string(),
    file_size: z.number().int(),
    page_count: z.number().int().nullable(),
    engine: z.string(),
    model: z.string().nullable(),
    settings: SettingsSchema.partial(),
    stats: StatsSchema.nullable(),
    usage: counts("input_tokens", "output_tokens", "calls").nullable(),
    error: JobErrorSchema.nullable(),
    warnings: z.array(JobWarningSchema),
    cached: z.boolean(),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    links: JobLinksSchema,
  })
  .openapi("Job");

export const JobAcceptedSchema = z
  .object({ job_id: z.string().uuid(), status: z.enum(JOB_STATUSES), links: JobLinksSchema })
  .openapi("JobAccepted");

export const JobIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" }, example: "0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11" }),
});

export const SentenceSchema = z
  .object({
    index: z.number().int(),
    text: z.string(),
    page: z.number().int(),
    source_index: z.number().int(),
    fallback: z.boolean(),
  })
  .openapi("Sentence");

export const SentencePageSchema = z
  .object({ sentences: z.array(SentenceSchema), next_cursor: z.string().nullable() })
  .openapi("SentencePage");

export const SentencesQuery = z.object({
  cursor: z.string().max(64).optional().openapi({ description: "Opaque cursor from the previous page" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const DownloadQuery = z.object({ format: z.enum(["json", "csv", "tsv"]).default("json") });
