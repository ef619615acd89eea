/**
 * What went wrong in a call to Google Sheets or Drive, in the terms an export acts on:
 * - `reauth`: 401, the access token was refused (refresh it once; refused again, the grant is gone);
 * - `scope_missing`: the grant lacks the scope the call needs (ask the user to consent to it);
 * - `not_found` / `forbidden`: the file or folder is missing, or the user may not change it;
 * - `rate_limited`: a quota was hit (429, or Drive's 403 rate-limit reasons), retry after `retryAfterSeconds`;
 * - `unavailable`: 5xx, a network error or a timeout, retry with backoff;
 * - `invalid`: the request itself was refused (400), retrying cannot help.
 */
export type GoogleErrorKind =
  | "reauth"
  | "scope_missing"
  | "not_found"
  | "forbidden"
  | "rate_limited"
  | "unavailable"
  | "invalid";

/** A failed Google API call. Its message holds Google's own message, never a token or a URL. */
export class GoogleApiError extends Error {
  readonly kind: GoogleErrorKind;
  /** The HTTP status, or null when no response arrived (network error, timeout). */
  readonly status: number | null;
  /** Google's machine reason (`ACCESS_TOKEN_SCOPE_INSUFFICIENT`, `userRateLimitExceeded`, …) when it sent one. */
  readonly reason: string | null;
  /** How long Google asked to wait (`Retry-After`, or `RetryInfo.retryDelay`), in whole seconds. */
  readonly retryAfterSeconds: number | null;

  constructor(
    kind: GoogleErrorKind,
    message: string,
    options: { status?: number | null; reason?: string | null; retryAfterSeconds?: number | null } = {},
  ) {
    super(message);
    this.name = "GoogleApiError";
    this.kind = kind;
    this.status = options.status ?? null;
    this.reason = options.reason ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  /** True when the same call may succeed later without anything changing on the user's side. */
  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "unavailable";
  }
}

/**
 * Sheets v4 answers `{ error: { code, message, status, details: [{ "@type": ".../google.rpc.ErrorInfo", reason }] } }`;
 * Drive v3 (and older Sheets errors) `{ error: { code, message, errors: [{ domain, reason, message }] } }`.
 */
interface GoogleErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: { "@type"?: string; reason?: string; retryDelay?: string }[];
    errors?: { reason?: string }[];
  };
}

const SCOPE_REASONS = new Set(["ACCESS_TOKEN_SCOPE_INSUFFICIENT", "insufficientPermissions"]);
// Drive's appNotAuthorizedToFile: with `drive.file` the app may only touch files it created or was given.
const ACCESS_REASONS = new Set(["appNotAuthorizedToFile"]);
// Drive reports several quotas as 403 rather than 429.
const RATE_REASONS = new Set([
  "RATE_LIMIT_EXCEEDED",
  "rateLimitExceeded",
  "userRateLimitExceeded",
  "sharingRateLimitExceeded",
  "dailyLimitExceeded",
]);

const MAX_MESSAGE = 300;

function reasonsOf(body: GoogleErrorBody): string[] {
  const details = (body.error?.details ?? []).map((detail) => detail.reason);
  const errors = (body.error?.errors ?? []).map((item) => item.reason);
  return [...details, ...errors].filter((reason): reason is string => typeof reason === "string");
}

/** `Retry-After` as seconds or an HTTP date, else the `RetryInfo` detail's `retryDelay` ("2s", "1.5s"). */
export function retryAfterSeconds(header: string | null, body: unknown, now = Date.now()): number | null {
  if (header) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const details = (body as GoogleErrorBody | null)?.error?.details ?? [];
  const delay = details.find((detail) => detail["@type"]?.endsWith("google.rpc.RetryInfo"))?.retryDelay;
  const seconds = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay)?.[1] : undefined;
  return seconds === undefined ? null : Math.ceil(Number(seconds));
}

function kindOf(status: number, reasons: string[]): GoogleErrorKind {
  const has = (set: Set<string>) => reasons.some((reason) => set.has(reason));
  if (status === 401) return "reauth";
  if (status === 429 || (status === 403 && has(RATE_REASONS))) return "rate_limited";
  if (status === 403) return has(SCOPE_REASONS) || has(ACCESS_REASONS) ? "scope_missing" : "forbidden";
  if (status === 404) return "not_found";
  if (status === 408 || status >= 500) return "unavailable";
  return "invalid";
}

/** Maps a Google error answer (status, parsed body, `Retry-After`) to a typed error. */
export function googleErrorFrom(status: number, body: unknown, retryAfter: string | null): GoogleApiError {
  const parsed = (body && typeof body === "object" ? body : {}) as GoogleErrorBody;
  const reasons = reasonsOf(parsed);
  const message = (parsed.error?.message ?? "no error message").slice(0, MAX_MESSAGE);
  const reason = reasons[0] ?? parsed.error?.status ?? null;
  return new GoogleApiError(kindOf(status, reasons), `Google answered ${status}: ${message}`, {
    status,
    reason,
    retryAfterSeconds: retryAfterSeconds(retryAfter, parsed),
  });
}
