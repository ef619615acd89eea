import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { ZodError } from "zod";
import { loadConfig } from "../config";
import { ApiError, type FieldError } from "./errors";
import { describeError, log } from "./logger";
import { PROBLEM_CONTENT_TYPE, problemBody } from "./problem";
import { reportError } from "./sentry";
import type { AppEnv } from "./types";

/** Default cap on request bodies; routes that take files raise it for themselves (see `LARGE_BODY_ROUTES`). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Paths whose own route applies a larger body limit. */
export const LARGE_BODY_ROUTES = new Set<string>();

/** Turns zod issues into the field errors of a validation problem. */
export function toFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.join(".") || "(root)",
    message: issue.message,
    code: issue.code,
  }));
}

/** A router whose validation failures become 422 problem+json; every resource router is made here. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError("VALIDATION_FAILED", {
          detail: `The ${result.target} has ${result.error.issues.length} invalid field(s).`,
          fields: toFieldErrors(result.error),
        });
      }
    },
  });
}

function respondWithProblem(c: Context<AppEnv>, error: ApiError): Response {
  const body = problemBody({
    code: error.code,
    detail: error.detail,
    instance: c.req.path,
    requestId: c.get("requestId") ?? "unknown",
    fields: error.fields,
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

let misconfigurationLogged = false;

/** The root app: request id, logging, configuration, security headers, CORS, body limits, errors. */
export function createApp() {
  const app = createRouter();

  app.use(requestId({ limitLength: 128 }));
  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    log(c.res.status >= 500 ? "error" : "info", "request", {
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Date.now() - started,
      request_id: c.get("requestId"),
      user_id: c.get("principal")?.userId,
    });
  });
  app.use(async (c, next) => {
    const result = loadConfig(c.env);
    if (!result.ok) {
      if (!misconfigurationLogged) {
        misconfigurationLogged = true;
        log("error", "configuration invalid", { invalid_variables: result.invalid });
      }
      throw new ApiError("MISCONFIGURED", {
        detail: `Invalid or missing configuration: ${result.invalid.join(", ")}.`,
      });
    }
    c.set("config", result.config);
    await next();
  });
  app.use(
    secureHeaders({
      // The docs page loads the Scalar bundle from its CDN; everything else is JSON.
      contentSecurityPolicy: undefined,
      crossOriginResourcePolicy: "same-site",
    }),
  );
  app.use((c, next) =>
    cors({
      origin: (origin) => (c.var.config.CORS_ORIGINS.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["X-Request-Id", "Location", "Retry-After", "Content-Disposition", "WWW-Authenticate"],
      maxAge: 600,
      credentials: false,
    })(c, next),
  );
  app.use((c, next) =>
    LARGE_BODY_ROUTES.has(c.req.path)
      ? next()
      : bodyLimit({
          maxSize: DEFAULT_BODY_LIMIT,
          onError: () => {
            throw new ApiError("PAYLOAD_TOO_LARGE", {
              detail: `Request bodies are limited to ${DEFAULT_BODY_LIMIT} bytes.`,
            });
          },
        })(c, next),
  );
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        respondWithProblem(
          c as Context<AppEnv>,
          new ApiError("METHOD_NOT_ALLOWED", {
            detail: `${c.req.method} is not allowed here. Allowed: ${methods.join(", ")}.`,
            headers: { Allow: methods.join(", ") },
          }),
        ),
    }),
  );

  app.notFound((c) =>
    respondWithProblem(
      c,
      new ApiError("NOT_FOUND", { detail: `No route for ${c.req.method} ${c.req.path}.` }),
    ),
  );

  app.onError((error, c) => {
    const apiError = toApiError(error, c.req.header("content-type"));
    // An ApiError is an answer we chose (a 502 when Google is down included); only the unknown is a bug.
    if (!(error instanceof ApiError) && !(error instanceof HTTPException)) {
      log("error", "unhandled error", { ...describeError(error), request_id: c.get("requestId") });
      const config = c.get("config");
      if (config) {
        reportError(error, {
          config,
          executionCtx: c.executionCtx,
          request: c.req.raw,
          userId: c.get("principal")?.userId,
          tags: { request_id: c.get("requestId") },
        });
      }
    }
    return respondWithProblem(c, apiError);
  });

  return app;
}
