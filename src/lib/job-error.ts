/** Why a job (or one of its chunks) failed; shown to the user as `error.error_code`. */
const JOB_ERROR_CODES = [
  "PDF_ENCRYPTED",
  "PDF_CORRUPT",
  "PDF_TOO_MANY_PAGES",
  "NO_TEXT",
  "SCANNED_PDF",
  "NOT_FRENCH",
  "QUOTA_EXCEEDED",
  "CHUNK_FAILED",
  "JOB_STALLED",
  "GEMINI_REQUEST_INVALID",
  "GEMINI_AUTH",
  "GEMINI_MODEL_NOT_FOUND",
  "GEMINI_UNAVAILABLE",
  "INTERNAL_ERROR",
] as const;

export type JobErrorCode = (typeof JOB_ERROR_CODES)[number];

/** Why a Google Sheets export failed; shown to the user as the export's `error.error_code`. */
export const EXPORT_ERROR_CODES = [
  "GOOGLE_REAUTH_REQUIRED",
  "GOOGLE_SCOPE_MISSING",
  "SPREADSHEET_NOT_FOUND",
  "SPREADSHEET_FORBIDDEN",
  "FOLDER_NOT_FOUND",
  "FOLDER_FORBIDDEN",
  "SHARING_FAILED",
  "GOOGLE_REQUEST_INVALID",
  "UPSTREAM_UNAVAILABLE",
  "EXPORT_STALLED",
  "INTERNAL_ERROR",
] as const;

export type ExportErrorCode = (typeof EXPORT_ERROR_CODES)[number];

/** The pipeline step that failed. */
export type JobStep = "extract" | "prepare" | "process" | "assemble" | "watchdog";

/**
 * A failure that ends a job (or a chunk) with a stable code and a message safe to show the learner.
 * `retryable` says whether a later attempt may succeed (upstream outage) or not (an encrypted PDF).
 */
export class JobError extends Error {
  readonly code: JobErrorCode;
  readonly retryable: boolean;
  /** Seconds the upstream asked us to wait before retrying, when it said so. */
  readonly retryAfterSeconds: number | undefined;
  /**
   * True when the work never started (a rate gate refused a permit): delay it by `retryAfterSeconds`
   * without counting an attempt against the message's retries.
   */
  readonly deferred: boolean;

  constructor(
    code: JobErrorCode,
    message: string,
    options: { retryable?: boolean; retryAfterSeconds?: number; deferred?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "JobError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.deferred = options.deferred ?? false;
  }
}
