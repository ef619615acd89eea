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

/** Every middleware `authenticateWith` made: a route that holds one is an authenticated route. */
const authenticating = new WeakSet<MiddlewareHandler>();

/** Whether the route a request matched authenticates its caller (and so limits it per user). */
export function requiresAuthentication(c: Context<AppEnv>): boolean {
  return matchedRoutes(c).some((route) => authenticating.has(route.handler as MiddlewareHandler));
}

export interface RequireAuthOptions {
  /** Scopes an API key must hold for this route (sessions hold every scope). */
  scopes?: readonly ApiKeyScope[];
  /** Refuse API keys: for managing credentials themselves (API keys, sessions). */
  sessionOnly?: boolean;
}

/**
 * A middleware that identifies the caller with `identify` (or throws), sets `principal`, then takes one request
 * from the user's per-minute budget (an API key counts against its owner's). A route that holds one is limited
 * per user, not per address.
 */
export function authenticateWith(identify: (c: Context<AuthEnv>) => Promise<Principal>) {
  const middleware = createMiddleware<AuthEnv>(async (c, next) => {
    const principal = await identify(c);
    c.set("principal", principal);
    await withRequestLimit(c, principalPolicy(c.var.config, principal), next);
  });
  authenticating.add(middleware);
  return middleware;
}

/** The caller of `Authorization: Bearer` (access token or API key), allowed on a route with these options. */
export async function bearerPrincipal(c: Context<AuthEnv>, options: RequireAuthOptions): Promise<Principal> {
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
  return principal;
}

/** Authenticates `Authorization: Bearer` and limits the caller per user (`authenticateWith`). */
export function requireAuth(options: RequireAuthOptions = {}) {
  return authenticateWith((c) => bearerPrincipal(c, options));
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
