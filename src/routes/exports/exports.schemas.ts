import { z } from "@hono/zod-openapi";
import { EXPORT_MODES, EXPORT_STATUSES } from "../../db/schema";
import { EXPORT_COLUMNS } from "../../jobs/results/columns";
import { EXPORT_ERROR_CODES } from "../../lib/job-error";

const ShareSchema = z
  .strictObject({
    email: z.email().max(320),
    role: z.enum(["reader", "writer"]),
    notify: z
      .boolean()
      .optional()
      .openapi({ description: "Let Google e-mail the person (default false: shared silently)" }),
  })
  .openapi("ExportShare");

export const CreateExportSchema = z
  .strictObject({
    destination: z.literal("google_sheets"),
    mode: z.enum(EXPORT_MODES).openapi({
      description: "`new`: a new spreadsheet; `append`: below the last used row of `spreadsheet_id`",
    }),
    title: z.string().trim().min(1).max(200).optional().openapi({
      description: "The new spreadsheet's title (default: the PDF's name and the date)",
    }),
    spreadsheet_id: z
      .string()
      .trim()
      .regex(
        /^(?:https:\/\/docs\.google\.com\/spreadsheets\/d\/)?[\w-]{10,200}(?:[/?#].*)?$/,
        "a spreadsheet id or URL",
      )
      .max(2048)
      .optional()
      .openapi({ description: "With `append`: the spreadsheet (its id, or its URL)" }),
    sheet_name: z.string().trim().min(1).max(100).optional().openapi({
      description:
        "The sheet (tab): named so in a new spreadsheet (default `Sentences`); appended to (default: the first)",
    }),
    folder_id: z
      .string()
      .regex(/^[\w-]{1,200}$/)
      .optional()
      .openapi({ description: "With `new`: the Drive folder to create the spreadsheet in" }),
    share_with: z.array(ShareSchema).max(20).optional().openapi({
      description:
        "With `new`: people to share the spreadsheet with (Drive permissions, no e-mail unless `notify`)",
    }),
    columns: z
      .array(z.enum(EXPORT_COLUMNS))
      .min(1)
      .max(EXPORT_COLUMNS.length)
      .refine((columns) => new Set(columns).size === columns.length, "each column once")
      .optional()
      .openapi({ description: "The columns, in order (default `sentence`, `source_text`, `page`)" }),
  })
  .superRefine((body, ctx) => {
    const misplaced = (field: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [field], message });
    if (body.mode === "append") {
      if (!body.spreadsheet_id) misplaced("spreadsheet_id", "required to append");
      for (const field of ["title", "folder_id", "share_with"] as const) {
        if (body[field] !== undefined) misplaced(field, "only for a new spreadsheet");
      }
    } else if (body.spreadsheet_id !== undefined) {
      misplaced("spreadsheet_id", "only to append (mode: append)");
    }
  })
  .openapi("CreateExportRequest");

const ExportLinksSchema = z.object({ self: z.string(), job: z.string() }).openapi("ExportResourceLinks");

export const ExportSchema = z
  .object({
    export_id: z.string().uuid(),
    job_id: z.string().uuid(),
    destination: z.literal("google_sheets"),
    mode: z.enum(EXPORT_MODES),
    status: z.enum(EXPORT_STATUSES),
    rows_written: z.number().int(),
    rows_total: z.number().int(),
    spreadsheet_id: z.string().nullable(),
    spreadsheet_url: z.string().nullable(),
    sheet_name: z.string().nullable(),
    title: z.string().nullable(),
    columns: z.array(z.string()),
    error: z
      .object({
        error_code: z.enum(EXPORT_ERROR_CODES).openapi({ example: "SPREADSHEET_NOT_FOUND" }),
        message: z.string(),
      })
      .nullable()
      .openapi({ description: "Why a failed export stopped; null unless `status` is `failed`" }),
    attempts: z.number().int(),
    created_at: z.string().openapi({ format: "date-time" }),
    updated_at: z.string().openapi({ format: "date-time" }),
    started_at: z.string().nullable().openapi({ format: "date-time" }),
    completed_at: z.string().nullable().openapi({ format: "date-time" }),
    links: ExportLinksSchema,
  })
  .openapi("Export");

export const ExportAcceptedSchema = z
  .object({ export_id: z.string().uuid(), status: z.literal("pending"), links: ExportLinksSchema })
  .openapi("ExportAccepted");

export const ExportPageSchema = z
  .object({ items: z.array(ExportSchema), next_cursor: z.string().nullable() })
  .openapi("ExportPage");

export const ExportIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" }, example: "5a0c6f4e-2f63-4d7e-9d44-1c1b8f0a9e21" }),
});

export const ExportListQuery = z.object({
  cursor: z.string().max(256).optional().openapi({ description: "Opaque cursor from the previous page" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
