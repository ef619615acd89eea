import { ApiError, type GoogleRpcStatus } from "@google/genai";
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
  const status = error.status;
  if (status === 401 || status === 403 || rpcStatus(error)?.reason === "API_KEY_INVALID") {
    return new JobError(
      "GEMINI_AUTH",
      `Gemini refused the credentials (HTTP ${status}). This is a server configuration problem: check GEMINI_API_KEY and that the Generative Language API is enabled for its project.`,
      { cause: error },
    );
  }
  if (status === 404) {
    return new JobError(
      "GEMINI_MODEL_NOT_FOUND",
      `Gemini model "${model}" was not found. This is a server configuration problem: check the GEMINI_MODEL_* variables.`,
      { cause: error },
    );
  }
  return new JobError("GEMINI_REQUEST_INVALID", `Gemini rejected the request (HTTP ${status}).`, {
    cause: error,
  });
}

/** The parts of Google's error model (google.rpc.Status) acted on: ErrorInfo's reason, RetryInfo's delay. */
interface RpcDetails {
  reason?: string;
  retryDelaySeconds?: number;
}

const ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
const RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

/**
 * Reads the google.rpc.Status the SDK's ApiError carries (its message is the error body, serialised as JSON):
 * the typed details, never the human text. Undefined when the body is not Google's error model.
 */
function rpcStatus(error: ApiError): RpcDetails | undefined {
  let body: { error?: GoogleRpcStatus };
  try {
    body = JSON.parse(error.message);
  } catch {
    return undefined;
  }
  const details = body.error?.details ?? [];
  const info = details.find((detail) => detail["@type"] === ERROR_INFO);
  const retry = details.find((detail) => detail["@type"] === RETRY_INFO);
  // RetryInfo.retryDelay is a google.protobuf.Duration in its JSON form: "17s", "1.5s".
  const delay = typeof retry?.retryDelay === "string" ? Number.parseFloat(retry.retryDelay) : Number.NaN;
  return {
    ...(typeof info?.reason === "string" ? { reason: info.reason } : {}),
    ...(Number.isFinite(delay) ? { retryDelaySeconds: Math.ceil(delay) } : {}),
  };
}

function retryDelaySeconds(error: unknown): number | undefined {
  return error instanceof ApiError ? rpcStatus(error)?.retryDelaySeconds : undefined;
}

function describeStatus(error: unknown): string {
  return error instanceof ApiError ? `HTTP ${error.status}` : "network error";
}
