import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "../lib/errors";
import { describeError, log } from "../lib/logger";
import { PROBLEM_CONTENT_TYPE, problemBody } from "../lib/problem";
import { reportError } from "../lib/sentry";
import type { AppEnv } from "./app-env";

/** Answers with the problem+json body of an ApiError, its status and its headers. */
export function respondWithProblem(c: Context<AppEnv>, error: ApiError): Response {
  const body = problemBody({
    code: error.code,
    detail: error.detail,
    instance: c.req.path,
    requestId: c.get("requestId") ?? "unknown",
    fields: error.fields,
    extensions: error.extensions,
  });
  return c.body(JSON.stringify(body), error.status, {
    ...error.headers,
    "content-type": PROBLEM_CONTENT_TYPE,
  });
}

/** Maps anything thrown to an ApiError; unknown errors become a generic 500. */
function toApiError(error: unknown, contentType: string | undefined): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new ApiError("PAYLOAD_TOO_LARGE");
    // The route validator refuses a body whose media type the route does not declare.
    if (error.status === 415) {
      return new ApiError("UNSUPPORTED_MEDIA_TYPE", {
        detail: `This operation does not accept ${contentType ? `a ${contentType.split(";")[0]} body` : "a body without Content-Type"}; see its request body in /api/openapi.json.`,
      });
    }
    if (error.status === 400 && error.message.startsWith("Malformed JSON")) {
      return new ApiError("MALFORMED_JSON", { detail: "The request body is not valid JSON." });
    }
    if (error.status === 400) return new ApiError("BAD_REQUEST", { detail: error.message });
    if (error.status === 401) return new ApiError("UNAUTHENTICATED");
  }
  return new ApiError("INTERNAL_ERROR", { detail: "An unexpected error occurred. It has been logged." });
}

/** The app's `onError`: every error becomes problem+json; only the unexpected are logged and reported. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const apiError = toApiError(error, c.req.header("content-type"));
  // An ApiError is an answer we chose (a 502 when Google is down included); only the unknown is a bug.
  if (!(error instanceof ApiError) && !(error instanceof HTTPException)) {
    log("error", "unhandled error", { ...describeError(error), request_id: c.get("requestId") });
    reportError(error, { requestId: c.get("requestId"), userId: c.get("principal")?.userId });
  }
  return respondWithProblem(c, apiError);
}

/** The app's `notFound`: 404 problem+json naming the method and path. */
export function notFound(c: Context<AppEnv>): Response {
  return respondWithProblem(
    c,
    new ApiError("NOT_FOUND", { detail: `No route for ${c.req.method} ${c.req.path}.` }),
  );
}
