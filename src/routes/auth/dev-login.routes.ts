import { createRoute } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { isDevLoginEnabled } from "../../auth/dev-login";
import { ApiError } from "../../lib/errors";
import { JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import type { AppEnv } from "../../middleware/app-env";
import { limitSignInRate } from "../../middleware/limits";
import { DevLoginSchema, tokenResponses } from "./auth.schemas";

/** Outside development with DEV_LOGIN=true the route answers exactly like a path that does not exist. */
const onlyWhenEnabled = createMiddleware<AppEnv>(async (c, next) => {
  if (!isDevLoginEnabled(c.var.config)) {
    throw new ApiError("NOT_FOUND", { detail: `No route for ${c.req.method} ${c.req.path}.` });
  }
  await next();
});

export const devLogin = createRoute({
  operationId: "devLogin",
  method: "post",
  path: "/auth/dev-login",
  tags: ["Auth"],
  summary: "Sign in by email without Google (local development only; 404 elsewhere)",
  middleware: [onlyWhenEnabled, limitSignInRate] as const,
  request: { body: { required: true, content: { "application/json": { schema: DevLoginSchema } } } },
  responses: {
    ...tokenResponses,
    ...problemResponses(...JSON_BODY_ERRORS, "NOT_FOUND", "ACCOUNT_DISABLED", "CONFLICT", "RATE_LIMITED"),
  },
});
