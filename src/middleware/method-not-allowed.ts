import type { Hono } from "hono";
import { methodNotAllowed } from "hono/method-not-allowed";
import { ApiError } from "../lib/errors";
import type { AppEnv } from "./app-env";
import { respondWithProblem } from "./handle-error";

/** 405 problem+json with an `Allow` header for a known path asked with a method it does not serve. */
export function refuseOtherMethods(app: Hono<AppEnv>) {
  return methodNotAllowed<AppEnv>({
    app,
    onMethodNotAllowed: (c, methods) =>
      respondWithProblem(
        c,
        new ApiError("METHOD_NOT_ALLOWED", {
          detail: `${c.req.method} is not allowed here. Allowed: ${methods.join(", ")}.`,
          headers: { Allow: methods.join(", ") },
        }),
      ),
  });
}
