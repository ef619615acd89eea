import { z } from "@hono/zod-openapi";
import { JOB_STATUSES } from "../../db/schema";
import { SettingsPatchSchema } from "../../settings/settings.schema";
import { HISTORY_PAGE_EXAMPLE, JOB_EXAMPLE } from "../examples";
import { ExportSchema } from "../exports/exports.schemas";
import { JobLinksSchema, JobSchema } from "../jobs/jobs.schemas";
import { PageQuery } from "../page-query";

export const HistoryQuery = PageQuery.extend({
  status: z.enum(JOB_STATUSES).optional().openapi({ description: "Only entries with this status" }),
});

export const HistoryItemSchema = z
  .object({
    job_id: z.string().uuid(),
    filename: z.string(),
    file_size: z.number().int(),
    page_count: z.number().int().nullable(),
    status: z.enum(JOB_STATUSES),
    progress: z.number().int().min(0).max(100),
    sentence_count: z.number().int(),
    engine: z.string(),
    model: z.string().nullable(),
    cached: z.boolean(),
    error_code: z.string().nullable().openapi({ example: "PDF_ENCRYPTED" }),
    created_at: z.string().openapi({ format: "date-time" }),
    completed_at: z.string().nullable().openapi({ format: "date-time" }),
    links: JobLinksSchema,
  })
  .openapi("HistoryItem");

export const HistoryPageSchema = z
  .object({ items: z.array(HistoryItemSchema), next_cursor: z.string().nullable() })
  .openapi("HistoryPage", { example: HISTORY_PAGE_EXAMPLE });

const ExportLinksSchema = z
  .object({
    sentences: z.string(),
    json: z.string(),
    csv: z.string(),
    tsv: z.string(),
    anki: z.string(),
    txt: z.string(),
  })
  .openapi("ExportLinks");

export const HistoryEntrySchema = z
  .object({
    ...JobSchema.shape,
    exports: ExportLinksSchema.nullable().openapi({ description: "Present once the job is completed" }),
    sheet_exports: z.array(ExportSchema).openapi({
      description:
        "The entry's latest Google Sheets exports, newest first (all of them: `GET /jobs/{id}/exports`)",
    }),
  })
  .openapi("HistoryEntry", { example: { ...JOB_EXAMPLE, exports: null, sheet_exports: [] } });

export const DuplicateBodySchema = z
  .strictObject({
    settings: SettingsPatchSchema.optional().openapi({
      description: "Changes to my current settings for the new job",
    }),
    cache: z.boolean().optional().openapi({ description: "`false` bypasses the result cache" }),
  })
  .openapi("DuplicateRequest", { example: { settings: { sentence_length_limit: 12 }, cache: false } });
