import { devLogin as signInByEmail } from "../../auth/dev-login";
import { listActiveSessions, revokeSession, rotateRefreshToken } from "../../auth/sessions";
import { describeUser, tokenResponse } from "../../auth/sign-in";
import { createDb } from "../../db/client";
import { ApiError } from "../../lib/errors";
import { createRouter } from "../router";
import { devLogin } from "./dev-login.routes";
import { google } from "./google.index";
import { deleteSession, listSessions, logout, me, refresh } from "./session.routes";

export const auth = createRouter()
  .route("/", google)
  .openapi(devLogin, async (c) => {
    const { email, name } = c.req.valid("json");
    const body = await signInByEmail(createDb(c.env.DB), c.var.config, {
      email,
      name,
      userAgent: c.req.header("user-agent"),
    });
    return c.json(body, 200);
  })
  .openapi(refresh, async (c) => {
    const db = createDb(c.env.DB);
    const rotated = await rotateRefreshToken(db, c.req.valid("json").refresh_token);
    return c.json(await tokenResponse(db, c.var.config, rotated.user, rotated), 200);
  })
  .openapi(me, async (c) => {
    return c.json(await describeUser(createDb(c.env.DB), c.var.principal.userId), 200);
  })
  .openapi(logout, async (c) => {
    const { userId, sessionId } = c.var.principal;
    if (sessionId) await revokeSession(createDb(c.env.DB), userId, sessionId);
    return c.body(null, 204);
  })
  .openapi(listSessions, async (c) => {
    const { userId, sessionId } = c.var.principal;
    const rows = await listActiveSessions(createDb(c.env.DB), userId);
    const sessions = rows.map((row) => ({
      id: row.id,
      user_agent: row.userAgent,
      created_at: row.createdAt.toISOString(),
      last_used_at: row.lastUsedAt.toISOString(),
      expires_at: row.expiresAt.toISOString(),
      current: row.id === sessionId,
    }));
    return c.json({ sessions }, 200);
  })
  .openapi(deleteSession, async (c) => {
    const { id } = c.req.valid("param");
    const revoked = await revokeSession(createDb(c.env.DB), c.var.principal.userId, id);
    if (!revoked) throw new ApiError("NOT_FOUND", { detail: "No active session with this id." });
    return c.body(null, 204);
  });
