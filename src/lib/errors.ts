import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every machine-readable error the API returns, with its HTTP status and a human title. */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, title: "Bad request" },
  MALFORMED_JSON: { status: 400, title: "Malformed JSON body" },
  INVALID_STATE: { status: 400, title: "Invalid or expired sign-in state" },
  UNAUTHENTICATED: { status: 401, title: "Authentication required" },
  GOOGLE_AUTH_FAILED: { status: 401, title: "Google sign-in failed" },
  INVALID_ID_TOKEN: { status: 401, title: "Invalid Google ID token" },
  INVALID_REFRESH_TOKEN: { status: 401, title: "Invalid refresh token" },
  REFRESH_TOKEN_REUSED: { status: 401, title: "Refresh token reused" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  ACCOUNT_DISABLED: { status: 403, title: "Account disabled" },
  PLAN_LIMIT: { status: 403, title: "Not included in your plan" },
  GOOGLE_REAUTH_REQUIRED: { status: 403, title: "Google access must be granted again" },
  GOOGLE_SCOPE_MISSING: { status: 403, title: "Google access lacks a needed permission" },
  NOT_FOUND: { status: 404, title: "Not found" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  CONFLICT: { status: 409, title: "Conflict" },
  JOB_NOT_COMPLETED: { status: 409, title: "The job is not completed" },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, title: "A request with this Idempotency-Key is still in progress" },
  EXPORT_IN_PROGRESS: { status: 409, title: "A data export is already being prepared" },
  EXPORT_NOT_READY: { status: 409, title: "The data export is not ready" },
  DOWNLOAD_LINK_EXPIRED: { status: 410, title: "The download link has expired" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Request body too large" },
  PDF_TOO_LARGE: { status: 413, title: "PDF too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  VALIDATION_FAILED: { status: 422, title: "Validation failed" },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: "Idempotency-Key reused with a different request" },
  CONFIRMATION_MISMATCH: { status: 422, title: "The confirmation does not match the account's email" },
  NOT_A_PDF: { status: 422, title: "Not a PDF" },
  PDF_EMPTY: { status: 422, title: "Empty file" },
  WEBHOOK_URL_FORBIDDEN: { status: 422, title: "Webhook URL not allowed" },
  PDF_UNREADABLE: { status: 422, title: "The PDF cannot be read" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  QUOTA_EXCEEDED: { status: 429, title: "Monthly page quota used up" },
  TOO_MANY_ACTIVE_JOBS: { status: 429, title: "Too many jobs running at once" },
  INTERNAL_ERROR: { status: 500, title: "Internal server error" },
  UPSTREAM_UNAVAILABLE: { status: 502, title: "Upstream service unavailable" },
  MISCONFIGURED: { status: 503, title: "Service misconfigured" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One field-level problem in a request, as reported in a validation error. */
export interface FieldError {
  path: string;
  message: string;
  code: string;
}

interface ApiErrorOptions {
  detail?: string;
  fields?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members of the problem body (RFC 9457, 3.2), e.g. `authorize_url`. */
  extensions?: ProblemExtensions;
  cause?: unknown;
}

/** The extension members a problem may carry beside the standard ones. */
export interface ProblemExtensions {
  /** Where to send the browser to grant the missing Google access. */
  authorize_url?: string;
}

/** The one error type of the API: a stable `code`, its status, and a detail safe to show the caller. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly detail: string;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: ProblemExtensions;

  constructor(code: ErrorCode, options: ApiErrorOptions = {}) {
    const { status, title } = ERROR_CODES[code];
    super(options.detail ?? title, { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.detail = options.detail ?? title;
    this.fields = options.fields;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}
