import { listActiveSessions, revokeSession, rotateRefreshToken } from "../../auth/sessions";
import { describeUser, tokenResponse } from "../../auth/sign-in";
import { ApiError } from "../../lib/errors";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./session.routes";

/** `POST /auth/refresh`: a new token pair for a refresh token, which stops working. */
export const refresh: AppRouteHandler<typeof routes.refresh> = async (c) => {
  const rotated = await rotateRefreshToken(c.var.db, c.var.config, c.req.valid("json").refresh_token);
  return c.json(await tokenResponse(c.var.db, c.var.config, rotated.user, rotated), 200);
};

/** `GET /auth/me`: the signed-in user. */
export const me: AppRouteHandler<typeof routes.me, AuthEnv> = async (c) =>
  c.json(await describeUser(c.var.db, c.var.principal.userId), 200);

/** `POST /auth/logout`: ends the current session. */
export const logout: AppRouteHandler<typeof routes.logout, AuthEnv> = async (c) => {
  const { userId, sessionId } = c.var.principal;
  if (sessionId) await revokeSession(c.var.db, userId, sessionId);
  return c.body(null, 204);
};

/** `GET /auth/sessions`: the caller's active sessions, the current one marked. */
export const listSessions: AppRouteHandler<typeof routes.listSessions, AuthEnv> = async (c) => {
  const { userId, sessionId } = c.var.principal;
  const rows = await listActiveSessions(c.var.db, userId);
  const sessions = rows.map((row) => ({
    id: row.id,
    user_agent: row.userAgent,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    current: row.id === sessionId,
  }));
  return c.json({ sessions }, 200);
};

/** `DELETE /auth/sessions/{id}`: ends one of the caller's sessions. */
export const deleteSession: AppRouteHandler<typeof routes.deleteSession, AuthEnv> = async (c) => {
  const revoked = await revokeSession(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  if (!revoked) throw new ApiError("NOT_FOUND", { detail: "No active session with this id." });
  return c.body(null, 204);
};
