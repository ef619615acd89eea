import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { Env } from "hono";
import type { ZodError } from "zod";
import { ApiError, type FieldError } from "../lib/errors";
import type { AppEnv } from "../middleware/app-env";

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

/** A handler typed by its route declaration (params, query, body, responses) and the app's environment. */
export type AppRouteHandler<R extends RouteConfig, E extends Env = AppEnv> = RouteHandler<R, E>;
