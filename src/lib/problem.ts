import { z } from "@hono/zod-openapi";
import { ERROR_CODES, type ErrorCode, type FieldError, type ProblemExtensions } from "./errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The RFC 9457 body every error response carries. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "https://french-novel-tool.app/problems/not-found" }),
    title: z.string().openapi({ example: "Not found" }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string(),
    instance: z.string().openapi({ example: "/api/v1/jobs/0f8c" }),
    error_code: z.string().openapi({ example: "NOT_FOUND" }),
    request_id: z.string(),
    timestamp: z.string().openapi({ format: "date-time" }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
      .optional()
      .openapi({ description: "Field errors, for validation failures" }),
    authorize_url: z.string().optional().openapi({
      description:
        "With GOOGLE_SCOPE_MISSING: the redirect sign-in that asks Google for the missing scope (open it in the browser)",
      example: "/api/v1/auth/google/authorize?scope=spreadsheets",
    }),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;

interface ProblemInput {
  code: ErrorCode;
  detail: string;
  instance: string;
  requestId: string;
  fields?: FieldError[] | undefined;
  extensions?: ProblemExtensions | undefined;
}

/** Builds the problem+json body for an error code. */
export function problemBody({
  code,
  detail,
  instance,
  requestId,
  fields,
  extensions,
}: ProblemInput): Problem {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `https://french-novel-tool.app/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    detail,
    instance,
    error_code: code,
    request_id: requestId,
    timestamp: new Date().toISOString(),
    ...(fields ? { errors: fields } : {}),
    ...extensions,
  };
}
