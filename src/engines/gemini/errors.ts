import { ApiError } from "@google/genai";
import { backoffCurve } from "../../lib/backoff";
import { JobError } from "../../lib/job-error";

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** How a call failed before any answer could be read. */
export type CallFailure = { kind: "timeout" } | { kind: "error"; error: unknown };

/** True when the failure is the upstream's (overload, quota, outage, timeout): it counts against the breaker. */
export function isUpstreamFault(failure: CallFailure): boolean {
  if (failure.kind === "timeout") return true;
  if (failure.error instanceof ApiError) return RETRYABLE_STATUS.has(failure.error.status);
  // Anything else thrown by fetch is a network fault (connection reset, DNS).
  return true;
}

/**
 * Maps a failed call to the JobError the queue consumer acts on. Retryable faults carry a delay: exponential
 * backoff over the project's consecutive failures, with jitter, and never shorter than the server's RetryInfo.
 */
export function toJobError(failure: CallFailure, model: string, consecutiveFailures: number): JobError {
  if (failure.kind === "error" && failure.error instanceof ApiError && !isUpstreamFault(failure)) {
    return permanentError(failure.error, model);
  }
  const serverDelay = failure.kind === "error" ? retryDelaySeconds(failure.error) : undefined;
  const backoff = backoffSeconds(consecutiveFailures);
  const reason = failure.kind === "timeout" ? "timed out" : describeStatus(failure.error);
  return new JobError("GEMINI_UNAVAILABLE", `Gemini is unavailable (${reason}); the chunk will be retried.`, {
    retryable: true,
    retryAfterSeconds: Math.max(serverDelay ?? 0, backoff),
    cause: failure.kind === "error" ? failure.error : undefined,
  });
}

/** Delay over the project's consecutive Gemini failures: 2·2^(n−1) seconds scaled by [0.5, 1.5), at most 5 minutes. */
export const backoffSeconds = backoffCurve({ firstSeconds: 2, maxSeconds: 300, jitter: [0.5, 1.5] });

function permanentError(error: ApiError, model: string): JobError {
  if (error.status === 401 || error.status === 403 || error.message.includes("API_KEY_INVALID")) {
    return new JobError(
      "GEMINI_AUTH",
      `Gemini refused the credentials (HTTP ${error.status}). This is a server configuration problem: check GEMINI_API_KEY and that the Generative Language API is enabled for its project.`,
      { cause: error },
    );
  }
  if (error.status === 404) {
    return new JobError(
      "GEMINI_MODEL_NOT_FOUND",
      `Gemini model "${model}" was not found. This is a server configuration problem: check the GEMINI_MODEL_* variables.`,
      { cause: error },
    );
  }
  return new JobError("GEMINI_REQUEST_INVALID", `Gemini rejected the request (HTTP ${error.status}).`, {
    cause: error,
  });
}

/** The SDK puts the error body (JSON) in the message; RetryInfo.retryDelay looks like "17s" or "1.5s". */
function retryDelaySeconds(error: unknown): number | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(error.message);
  return match?.[1] === undefined ? undefined : Math.ceil(Number(match[1]));
}

function describeStatus(error: unknown): string {
  return error instanceof ApiError ? `HTTP ${error.status}` : "network error";
}
