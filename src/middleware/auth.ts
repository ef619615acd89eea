import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import { authenticate, bearerToken, unauthenticated } from "../auth/authenticate";
import type { Principal } from "../auth/principal";
import type { ApiKeyScope } from "../auth/scopes";
import type { UserRole } from "../db/schema";
import { ApiError } from "../lib/errors";
import type { AppEnv, AuthEnv } from "./app-env";
import { principalPolicy, withRequestLimit } from "./rate-limit";

/** Every middleware `requireAuth` made: a route that holds one is an authenticated route. */
const authenticating = new WeakSet<MiddlewareHandler>();

/**
 * Marks a middleware as one that authenticates the caller and limits it per user: a route that holds it is not
 * also limited per address.
 */
export function authenticatesCaller<M extends MiddlewareHandler>(middleware: M): M {
  authenticating.add(middleware);
  return middleware;
}

/** Whether the route a request matched authenticates its caller (and so limits it per user). */
export function requiresAuthentication(c: Context<AppEnv>): boolean {
  return matchedRoutes(c).some((route) => authenticating.has(route.handler as MiddlewareHandler));
}

interface RequireAuthOptions {
  /** Scopes an API key must hold for this route (sessions hold every scope). */
  scopes?: readonly ApiKeyScope[];
  /** Refuse API keys: for managing credentials themselves (API keys, sessions). */
  sessionOnly?: boolean;
}

/**
 * Authenticates `Authorization: Bearer` (access token or API key) and sets `principal`, or throws; then takes
 * one request from the user's per-minute budget (an API key counts against its owner's).
 */
export function requireAuth(options: RequireAuthOptions = {}) {
  const middleware = createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    const token = bearerToken(header);
    if (!token) throw unauthenticated(/^bearer\b/i.test(header ?? ""));
    const principal = await authenticate(c.var.db, c.var.config, token, (promise) =>
      c.executionCtx.waitUntil(promise),
    );
    if (principal.kind === "api_key" && options.sessionOnly) {
      throw new ApiError("FORBIDDEN", { detail: "API keys cannot be used here; sign in instead." });
    }
    assertScopes(principal, options.scopes ?? []);
    c.set("principal", principal);
    await withRequestLimit(c, principalPolicy(c.var.config, principal), next);
  });
  return authenticatesCaller(middleware);
}

/** 403 `insufficient_scope` when an API key lacks one of `scopes`; a session holds every scope. */
export function assertScopes(principal: Principal, scopes: readonly ApiKeyScope[]): void {
  if (principal.kind !== "api_key") return;
  const missing = scopes.filter((scope) => !principal.scopes.includes(scope));
  if (missing.length === 0) return;
  throw new ApiError("FORBIDDEN", {
    detail: `This API key lacks the scope(s): ${missing.join(", ")}.`,
    headers: { "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${missing.join(" ")}"` },
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
