import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { beginGoogleAuthorization, isAllowedRedirect, STATE_TTL_MS } from "../../auth/google/authorization";
import { completeGoogleRedirect } from "../../auth/google/redirect-sign-in";
import { POPUP_REDIRECT_URI, signInWithGoogleCode, signInWithGoogleIdToken } from "../../auth/google/sign-in";
import { ApiError } from "../../lib/errors";
import { API_PREFIX } from "../prefix";
import type { AppRouteHandler } from "../router";
import type * as routes from "./google.routes";

const BINDING_COOKIE = "fnt_oauth_binding";
const CALLBACK_PATH = `${API_PREFIX}/auth/google/callback`;
const cookieOptions = { path: CALLBACK_PATH, httpOnly: true, secure: true, sameSite: "Lax" } as const;

/** `POST /auth/google`: signs in with an authorization code (popup flow) or an ID token (`id_token` or `token`). */
export const signIn: AppRouteHandler<typeof routes.signIn> = async (c) => {
  const body = c.req.valid("json");
  const userAgent = c.req.header("user-agent");
  const result = body.code
    ? await signInWithGoogleCode(c.var.db, c.var.config, {
        code: body.code,
        redirectUri: POPUP_REDIRECT_URI,
        userAgent,
      })
    : await signInWithGoogleIdToken(c.var.db, c.var.config, {
        // The refinement lets exactly one through: `token` is the credential flow's name for the ID token.
        idToken: body.id_token ?? body.token ?? "",
        userAgent,
      });
  return c.json(result, 200);
};

/**
 * `GET /auth/google/authorize`: starts a redirect sign-in, binding it to this browser with a cookie; `scope` asks
 * for more access than sign-in needs. Without `redirect_uri` the browser returns to the first allowed frontend.
 */
export const authorize: AppRouteHandler<typeof routes.authorize> = async (c) => {
  const query = c.req.valid("query");
  const fallback = c.var.config.AUTH_REDIRECT_ORIGINS[0];
  const redirect_uri = query.redirect_uri ?? (fallback ? `${fallback}/` : "");
  if (!isAllowedRedirect(c.var.config, redirect_uri)) {
    throw new ApiError("VALIDATION_FAILED", {
      detail: "redirect_uri is not an allowed sign-in target.",
      fields: [{ path: "redirect_uri", message: "origin is not in AUTH_REDIRECT_ORIGINS", code: "custom" }],
    });
  }
  const { location, browserBinding } = await beginGoogleAuthorization(c.var.db, c.var.config, {
    redirectUri: redirect_uri,
    callbackUrl: new URL(CALLBACK_PATH, c.req.url).href,
    extraScopes: query.scope ? [query.scope] : [],
  });
  setCookie(c, BINDING_COOKIE, browserBinding, { ...cookieOptions, maxAge: STATE_TTL_MS / 1000 });
  return c.redirect(location, 302);
};

/** `GET /auth/google/callback`: where Google returns; sends the browser on to the frontend. */
export const callback: AppRouteHandler<typeof routes.callback> = async (c) => {
  const query = c.req.valid("query");
  const location = await completeGoogleRedirect(c.var.db, c.var.config, {
    state: query.state,
    code: query.code,
    googleError: query.error,
    browserBinding: getCookie(c, BINDING_COOKIE),
    callbackUrl: new URL(CALLBACK_PATH, c.req.url).href,
    userAgent: c.req.header("user-agent"),
    requestId: c.get("requestId"),
  });
  deleteCookie(c, BINDING_COOKIE, cookieOptions);
  return c.redirect(location, 302);
};
