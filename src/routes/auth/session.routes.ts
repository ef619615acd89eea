import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { limitSignInRate } from "../../middleware/limits";
import { IdParamSchema, RefreshSchema, SessionSchema, tokenResponses, UserSchema } from "./auth.schemas";

const security = [{ bearerAuth: [] }];

export const refresh = createRoute({
  operationId: "refreshToken",
  method: "post",
  path: "/auth/refresh",
  tags: ["Auth"],
  summary: "Rotate a refresh token: the old one stops working, a new pair is returned",
  description:
    "Presenting a rotated refresh token again within REFRESH_REUSE_GRACE_SECONDS (30 s by default) of its rotation " +
    "returns the same successor refresh token (with a fresh access token), so parallel requests that refresh at " +
    "once stay signed in. Later, it revokes the whole session (401 REFRESH_TOKEN_REUSED).",
  middleware: [limitSignInRate] as const,
  request: { body: { required: true, content: { "application/json": { schema: RefreshSchema } } } },
  responses: {
    ...tokenResponses,
    ...problemResponses(
      ...JSON_BODY_ERRORS,
      "INVALID_REFRESH_TOKEN",
      "REFRESH_TOKEN_REUSED",
      "ACCOUNT_DISABLED",
      "RATE_LIMITED",
    ),
  },
});

export const me = createRoute({
  operationId: "getMe",
  method: "get",
  path: "/auth/me",
  tags: ["Auth"],
  summary: "The signed-in user",
  middleware: [requireAuth()] as const,
  security,
  responses: {
    200: { description: "The user", content: { "application/json": { schema: UserSchema } } },
    ...problemResponses(...AUTH_ERRORS, "NOT_FOUND"),
  },
});

export const logout = createRoute({
  operationId: "logout",
  method: "post",
  path: "/auth/logout",
  tags: ["Auth"],
  summary: "Sign out: revokes the current session and every token issued in it",
  middleware: [requireAuth({ sessionOnly: true })] as const,
  security,
  responses: { 204: { description: "Signed out" }, ...problemResponses(...AUTH_ERRORS) },
});

export const listSessions = createRoute({
  operationId: "listSessions",
  method: "get",
  path: "/auth/sessions",
  tags: ["Auth"],
  summary: "My active sessions (the one making this request is marked current)",
  middleware: [requireAuth({ sessionOnly: true })] as const,
  security,
  responses: {
    200: {
      description: "Active sessions",
      content: { "application/json": { schema: z.object({ sessions: z.array(SessionSchema) }) } },
    },
    ...problemResponses(...AUTH_ERRORS),
  },
});

export const deleteSession = createRoute({
  operationId: "deleteSession",
  method: "delete",
  path: "/auth/sessions/{id}",
  tags: ["Auth"],
  summary: "Revoke one of my sessions",
  middleware: [requireAuth({ sessionOnly: true })] as const,
  security,
  request: { params: IdParamSchema },
  responses: {
    204: { description: "Revoked" },
    ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"),
  },
});
