import { z } from "@hono/zod-openapi";
import { ERROR_CODES, type ErrorCode } from "./errors";
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from "./problem";

/** Every route can answer these: a bug (500), or a deployment whose configuration is invalid (503). */
const EVERY_ROUTE = ["INTERNAL_ERROR", "MISCONFIGURED"] as const satisfies readonly ErrorCode[];

/** What `requireAuth` answers: no or a refused token (401); a key without the scope, a disabled account (403). */
export const AUTH_ERRORS = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "ACCOUNT_DISABLED",
  // Every signed-in request counts against the plan's requests per minute.
  "RATE_LIMITED",
] as const satisfies readonly ErrorCode[];

/** What refuses a JSON body before its handler runs: the router's validator and the app's body limit. */
export const JSON_BODY_ERRORS = [
  "MALFORMED_JSON",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "VALIDATION_FAILED",
] as const satisfies readonly ErrorCode[];

const seconds = (description: string) => z.number().int().nonnegative().openapi({ description, example: 42 });

/** Headers that come with some codes, whatever the route. */
const CODE_HEADERS: Partial<Record<ErrorCode, Record<string, z.ZodType>>> = {
  UNAUTHENTICATED: {
    "WWW-Authenticate": z
      .string()
      .openapi({ example: 'Bearer realm="french-novel-tool", error="invalid_token"' }),
  },
  RATE_LIMITED: {
    "Retry-After": seconds("Seconds until the request would be accepted"),
    // draft-ietf-httpapi-ratelimit-headers (src/rate-limit/headers.ts).
    "RateLimit-Policy": z.string().openapi({
      description: "Each policy with its quota `q` and window `w` (s)",
      example: '"requests";q=120;w=60',
    }),
    RateLimit: z.string().openapi({
      description: "What is left `r` and the seconds `t` until the window ends",
      example: '"requests";r=0;t=42',
    }),
  },
  IDEMPOTENCY_KEY_IN_USE: { "Retry-After": seconds("Seconds after which to repeat the request") },
};

/** A fixed example body per code, so the generated document is the same on every run. */
function example(code: ErrorCode) {
  const { status, title } = ERROR_CODES[code];
  return {
    summary: title,
    value: {
      type: `https://french-novel-tool.app/problems/${code.toLowerCase().replaceAll("_", "-")}`,
      title,
      status,
      detail: title,
      instance: "/api/v1/jobs/0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11",
      error_code: code,
      request_id: "3f0c4b52-0d52-4bb4-9b25-4a0f7a1c2d3e",
      timestamp: "2026-11-22T10:00:00.000Z",
    },
  };
}

function responseFor(codes: readonly ErrorCode[]) {
  const headers = Object.assign({}, ...codes.map((code) => CODE_HEADERS[code] ?? {}));
  return {
    description: codes.map((code) => `\`${code}\`: ${ERROR_CODES[code].title}`).join("; "),
    ...(Object.keys(headers).length > 0 ? { headers: z.object(headers) } : {}),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: ProblemSchema.extend({
          error_code: z.enum(codes as [ErrorCode, ...ErrorCode[]]).openapi({ example: codes[0] }),
        }),
        examples: Object.fromEntries(codes.map((code) => [code, example(code)])),
      },
    },
  };
}

type Status<C extends ErrorCode> = (typeof ERROR_CODES)[C]["status"];
type ProblemResponse = ReturnType<typeof responseFor>;

/**
 * The one way a route declares its errors: the `error_code`s it can answer, from the catalogue. Codes are
 * grouped by their status; each status gets a problem+json schema whose `error_code` is the enum of its
 * codes, an example per code, and the headers those codes carry (`Retry-After` and `RateLimit-*` on 429).
 * `INTERNAL_ERROR` and `MISCONFIGURED` are added to every route.
 *
 *     responses: { 200: ok, ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED") }
 */
export function problemResponses<const C extends ErrorCode>(
  ...codes: C[]
): { [S in Status<C | (typeof EVERY_ROUTE)[number]>]: ProblemResponse } {
  const all = [...new Set<ErrorCode>([...codes, ...EVERY_ROUTE])];
  const statuses = [...new Set(all.map((code) => ERROR_CODES[code].status))].sort();
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      responseFor(all.filter((code) => ERROR_CODES[code].status === status)),
    ]),
  ) as { [S in Status<C | (typeof EVERY_ROUTE)[number]>]: ProblemResponse };
}
