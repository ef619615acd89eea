import type { MiddlewareHandler } from "hono";

/**
 * Marks every response as one no cache may keep: the private API answers with a user's own data, and with
 * tokens and secrets (sign-in, refresh, API keys), for which RFC 6749 §5.1 asks for `no-store` and
 * `Pragma: no-cache`. Set after the handler, so a problem, a redirect or an event stream carries it too.
 */
export function privateResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header("Cache-Control", "private, no-store");
    c.header("Pragma", "no-cache");
  };
}
