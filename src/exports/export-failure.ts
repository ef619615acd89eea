import { ApiError } from "../lib/errors";
import type { ExportErrorCode } from "../lib/job-error";
import { GoogleApiError } from "./google/errors";

/** The longest wait a retry honours: longer, the export is left to the housekeeping's redrive. */
const MAX_RETRY_AFTER_SECONDS = 300;

/**
 * Why a delivery of an export stopped, in the terms the consumer acts on: a `retryable` failure is tried again
 * (after `retryAfterSeconds` when Google said so), any other ends the export with `code`.
 */
export class ExportFailure extends Error {
  readonly code: ExportErrorCode;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ExportErrorCode,
    message: string,
    options: { retryable?: boolean; retryAfterSeconds?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ExportFailure";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds =
      options.retryAfterSeconds == null
        ? undefined
        : Math.min(MAX_RETRY_AFTER_SECONDS, options.retryAfterSeconds);
  }
}

/** The step of an export a Google call belongs to: the same answer means another thing in each. */
export type ExportStep = "create" | "sheet" | "share";

const FRIENDLY: Record<ExportStep, Partial<Record<GoogleApiError["kind"], [ExportErrorCode, string]>>> = {
  create: {
    not_found: ["FOLDER_NOT_FOUND", "The Drive folder was not found, or this app may not use it."],
    forbidden: ["FOLDER_FORBIDDEN", "The Drive folder does not accept new files from this account."],
  },
  sheet: {
    not_found: ["SPREADSHEET_NOT_FOUND", "The spreadsheet (or the named sheet) was not found."],
    forbidden: ["SPREADSHEET_FORBIDDEN", "This Google account may not change the spreadsheet."],
  },
  share: {
    not_found: ["SPREADSHEET_NOT_FOUND", "The spreadsheet was removed before it could be shared."],
    forbidden: ["SHARING_FAILED", "Google refused to share the spreadsheet."],
    invalid: ["SHARING_FAILED", "Google refused to share the spreadsheet."],
  },
};

function fromGoogle(error: GoogleApiError, step: ExportStep): ExportFailure {
  const detail = ` (${error.message})`;
  if (error.retryable) {
    return new ExportFailure("UPSTREAM_UNAVAILABLE", `Google Sheets or Drive is unavailable${detail}.`, {
      retryable: true,
      retryAfterSeconds: error.retryAfterSeconds,
      cause: error,
    });
  }
  const known = FRIENDLY[step][error.kind];
  if (known) return new ExportFailure(known[0], `${known[1]}${detail}`, { cause: error });
  if (error.kind === "reauth") {
    return new ExportFailure(
      "GOOGLE_REAUTH_REQUIRED",
      "Google refused the access token again after a refresh; sign in with Google again.",
      { cause: error },
    );
  }
  if (error.kind === "scope_missing") {
    return new ExportFailure(
      "GOOGLE_SCOPE_MISSING",
      `The Google grant does not reach this spreadsheet; grant access to it and export again${detail}.`,
      { cause: error },
    );
  }
  return new ExportFailure("GOOGLE_REQUEST_INVALID", `Google refused the request${detail}.`, {
    cause: error,
  });
}

/** Any error of a delivery as an export failure; what is not understood is retried, then INTERNAL_ERROR. */
export function toExportFailure(error: unknown, step: ExportStep = "sheet"): ExportFailure {
  if (error instanceof ExportFailure) return error;
  if (error instanceof GoogleApiError) return fromGoogle(error, step);
  if (error instanceof ApiError && error.code === "GOOGLE_REAUTH_REQUIRED") {
    return new ExportFailure("GOOGLE_REAUTH_REQUIRED", error.detail, { cause: error });
  }
  if (error instanceof ApiError && error.code === "UPSTREAM_UNAVAILABLE") {
    return new ExportFailure("UPSTREAM_UNAVAILABLE", error.detail, { retryable: true, cause: error });
  }
  return new ExportFailure("INTERNAL_ERROR", "The export failed unexpectedly.", {
    retryable: true,
    cause: error,
  });
}

/** Runs a step's Google calls, turning their errors into export failures named for that step. */
export async function inStep<T>(step: ExportStep, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toExportFailure(error, step);
  }
}
