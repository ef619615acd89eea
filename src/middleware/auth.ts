import { createMiddleware } from "hono/factory";
import { authenticate, bearerToken, unauthenticated } from "../auth/authenticate";
import type { ApiKeyScope } from "../auth/scopes";
import type { UserRole } from "../db/schema";
import { ApiError } from "../lib/errors";
import type { AuthEnv } from "./app-env";

interface RequireAuthOptions {
  /** Scopes an API key must hold for this route (sessions hold every scope). */
  scopes?: readonly ApiKeyScope[];
  /** Refuse API keys: for managing credentials themselves (API keys, sessions). */
  sessionOnly?: boolean;
}

/** Authenticates `Authorization: Bearer` (access token or API key) and sets `principal`, or throws. */
export function requireAuth(options: RequireAuthOptions = {}) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    const token = bearerToken(header);
    if (!token) throw unauthenticated(/^bearer\b/i.test(header ?? ""));
    const principal = await authenticate(c.var.db, c.var.config, token, (promise) =>
      c.executionCtx.waitUntil(promise),
    );
    if (principal.kind === "api_key") {
      if (options.sessionOnly) {
        throw new ApiError("FORBIDDEN", { detail: "API keys cannot be used here; sign in instead." });
      }
      const missing = (options.scopes ?? []).filter((scope) => !principal.scopes.includes(scope));
      if (missing.length > 0) {
        throw new ApiError("FORBIDDEN", {
          detail: `This API key lacks the scope(s): ${missing.join(", ")}.`,
          headers: { "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${missing.join(" ")}"` },
        });
      }
    }
    c.set("principal", principal);
    await next();
  });
}

/** Allows only principals with one of the roles; use after `requireAuth`. */
export function requireRole(...roles: UserRole[]) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const principal = c.get("principal");
    if (!principal) throw unauthenticated(false);
    if (!roles.includes(principal.role)) {
      throw new ApiError("FORBIDDEN", { detail: `This requires the role ${roles.join(" or ")}.` });
    }
    await next();
  });
}
