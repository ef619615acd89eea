import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../lib/errors";
import type { AppEnv } from "./app-env";

/** Default cap on request bodies; routes that take files apply their own, larger one. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Caps every request body at DEFAULT_BODY_LIMIT with 413 PAYLOAD_TOO_LARGE, except on the paths given. */
export function limitBody(options: { except: readonly string[] }) {
  const except = new Set(options.except);
  const limit = bodyLimit({
    maxSize: DEFAULT_BODY_LIMIT,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", {
        detail: `Request bodies are limited to ${DEFAULT_BODY_LIMIT} bytes.`,
      });
    },
  });
  return createMiddleware<AppEnv>((c, next) => (except.has(c.req.path) ? next() : limit(c, next)));
}
