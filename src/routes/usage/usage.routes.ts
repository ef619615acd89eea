import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";

const Window = z.object({
  limit: z.number().int().openapi({ description: "0 when the plan sets no limit" }),
  remaining: z.number().int(),
  resets_at: z.string().openapi({ format: "date-time" }),
});

export const PlanSchema = z
  .object({
    name: z.enum(["user", "premium", "admin"]),
    requests_per_minute: z.number().int(),
    uploads_per_hour: z.number().int(),
    pages_per_month: z.number().int(),
    max_pages_per_pdf: z.number().int(),
    max_concurrent_jobs: z.number().int(),
    gemini_pages_per_month: z.number().int(),
  })
  .openapi("Plan");

export const UsageSchema = z
  .object({
    plan: PlanSchema,
    period: z.string().openapi({ example: "2026-12", description: "The quota month (UTC)" }),
    resets_at: z
      .string()
      .openapi({ format: "date-time", description: "When the month's quota starts afresh" }),
    pages: z.object({
      quota: z.number().int(),
      granted: z.number().int().openapi({ description: "Extra pages an admin granted this month" }),
      allowance: z.number().int(),
      used: z.number().int().openapi({ description: "Pages of finished jobs" }),
      reserved: z.number().int().openapi({ description: "Pages held by jobs still running" }),
      left: z.number().int(),
    }),
    gemini_pages: z.object({ quota: z.number().int(), used: z.number().int(), left: z.number().int() }),
    requests: Window,
    uploads: Window,
    daily_pages: z.array(z.object({ day: z.string(), pages: z.number().int() })).openapi({
      description: "Pages charged per day over the last 30 days, oldest first",
    }),
  })
  .openapi("Usage");

export const getOne = createRoute({
  operationId: "getUsage",
  method: "get",
  path: "/usage",
  tags: ["Usage"],
  summary: "My plan, this month's pages used, reserved and left, my request and upload windows",
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth()] as const,
  responses: {
    200: { description: "The caller's usage", content: { "application/json": { schema: UsageSchema } } },
    ...problemResponses(...AUTH_ERRORS),
  },
});
