import { z } from "@hono/zod-openapi";
import { JOB_STATUSES } from "../../db/schema";
import { AUTH_ERRORS } from "../../lib/problem-responses";
import { SettingsSchema } from "../../settings/settings.schema";
import { JOB_ACCEPTED_EXAMPLE, JOB_EXAMPLE, JOB_STATUS_EXAMPLE, SENTENCE_PAGE_EXAMPLE } from "../examples";

/** What every route on one job can answer: not signed in, not allowed, no such job of mine, a bad id. */
export const JOB_READ_ERRORS = [...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"] as const;

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

/** A job's live state: what a `status` event and the job itself both carry. */
const LIVE_STATE = {
  job_id: z.string().uuid(),
  status: z.enum(JOB_STATUSES),
  progress: z.number().int().min(0).max(100),
  chunks: counts("total", "done", "failed"),
  sentence_count: z.number().int(),
  redrives: z.number().int().openapi({
    description:
      "Times the job's unfinished work was sent again because it made no progress for a while (after a restart or a lost message)",
  }),
};

export const JobSchema = z
  .object({
    ...LIVE_STATE,
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
  .openapi("Job", { example: JOB_EXAMPLE });

export const JobAcceptedSchema = z
  .object({ job_id: z.string().uuid(), status: z.enum(JOB_STATUSES), links: JobLinksSchema })
  .openapi("JobAccepted", { example: JOB_ACCEPTED_EXAMPLE });

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
    chapter: z
      .string()
      .optional()
      .openapi({ description: "The chapter heading the sentence comes after, when the book has one" }),
    source_text: z.string().nullable().optional().openapi({
      description:
        "With `include=source`: the original sentence this one came from (the whole sentence when it was only split)",
    }),
  })
  .openapi("Sentence");

export const SentencePageSchema = z
  .object({ sentences: z.array(SentenceSchema), next_cursor: z.string().nullable() })
  .openapi("SentencePage", { example: SENTENCE_PAGE_EXAMPLE });

export const SentencesQuery = z.object({
  cursor: z.string().max(64).optional().openapi({ description: "Opaque cursor from the previous page" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  include: z
    .enum(["source"])
    .optional()
    .openapi({ description: "`source` adds each sentence's original (`source_text`); off by default" }),
});

export const DownloadQuery = z.object({
  format: z.enum(["json", "csv", "tsv", "anki", "txt"]).default("json").openapi({
    description:
      "`anki`: a tab-separated file with Anki's import headers (front: the sentence; back: the original and its page); `txt`: one sentence per line",
  }),
});

/** The data of a `status` event of `GET /jobs/{id}/events`: the job's live state. */
export const JobStatusEventSchema = z
  .object({
    ...LIVE_STATE,
    error: JobErrorSchema.nullable(),
    updated_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("JobStatusEvent", { example: JOB_STATUS_EXAMPLE });

/** One event of the stream, as a client's SSE parser hands it over: its name and its JSON data. */
export const JobEventSchema = z
  .object({ event: z.literal("status"), data: JobStatusEventSchema })
  .openapi("JobEvent");
