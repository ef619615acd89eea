import { createMiddleware } from "hono/factory";
import { loadConfig } from "../config";
import { ApiError } from "../lib/errors";
import { log } from "../lib/logger";
import type { AppEnv } from "./app-env";

let misconfigurationLogged = false;

/** Sets `config` from the worker's env, or answers 503 MISCONFIGURED naming the invalid variables. */
export function withConfig() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const result = loadConfig(c.env);
    if (!result.ok) {
      // Every request fails the same way; one log line says why without flooding the logs.
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
}
