import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { purgeExpiredAuthRows } from "../../src/auth/housekeeping";
import { createDb } from "../../src/db/client";
import { callApp } from "../helpers/app";
import { authHeaders, signIn } from "../helpers/auth";
import { api, type ProblemBody, postJson } from "../helpers/http";
import { captureLogs } from "../helpers/logs";

interface TokenBody {
  access_token: string;
  refresh_token: string;
  user: { id: string };
}

const FAIL_TRIGGER = "test_fail_refresh_token_insert";

const refresh = (refreshToken: string) => postJson("/auth/refresh", { refresh_token: refreshToken });
const me = (accessToken: string) => api("/auth/me", { headers: authHeaders(accessToken) });

async function sessionIdOf(userId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM sessions WHERE user_id = ?")
    .bind(userId)
    .first<{ id: string }>();
  return row?.id ?? "";
}

/** Moves the session's rotations back past the grace window (30 s in the test configuration). */
async function endGrace(userId: string): Promise<void> {
  await env.DB.prepare(
    `UPDATE refresh_tokens SET rotated_at = ? WHERE rotated_at IS NOT NULL
       AND session_id IN (SELECT id FROM sessions WHERE user_id = ?)`,
  )
    .bind(Date.now() - 31_000, userId)
    .run();
}

/** The encrypted successors the user's refresh tokens still hold. */
async function successors(userId: string): Promise<string[]> {
  const rows = await env.DB.prepare(
    `SELECT t.successor FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
       WHERE s.user_id = ? AND t.successor IS NOT NULL`,
  )
    .bind(userId)
    .all<{ successor: string }>();
  return rows.results.map((row) => row.successor);
}

async function tokenCount(userId: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE s.user_id = ?",
  )
    .bind(userId)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

describe("POST /api/v1/auth/refresh", () => {
  it("rotates: a new pair works, the old refresh token does not", async () => {
    const session = await signIn();
    const response = await refresh(session.refreshToken);
    expect(response.status).toBe(200);
    const next = await response.json<TokenBody>();
    expect(next.refresh_token).not.toBe(session.refreshToken);
    expect(next.user.id).toBe(session.userId);
    expect((await me(next.access_token)).status).toBe(200);
    expect((await refresh(next.refresh_token)).status).toBe(200);
  });

  it("stores refresh tokens only as hashes, and a successor only encrypted", async () => {
    const session = await signIn();
    const next = await (await refresh(session.refreshToken)).json<TokenBody>();
    const rows = await env.DB.prepare("SELECT * FROM refresh_tokens").all();
    expect(JSON.stringify(rows.results)).not.toContain(session.refreshToken);
    expect(JSON.stringify(rows.results)).not.toContain(next.refresh_token);
    expect(await successors(session.userId)).toHaveLength(1);
  });

  it("treats reuse after the grace as theft: 401 REFRESH_TOKEN_REUSED and the whole session is revoked", async () => {
    const session = await signIn();
    const next = await (await refresh(session.refreshToken)).json<TokenBody>();
    await endGrace(session.userId);

    const reuse = await refresh(session.refreshToken);
    expect(reuse.status).toBe(401);
    expect((await reuse.json<ProblemBody>()).error_code).toBe("REFRESH_TOKEN_REUSED");

    expect((await refresh(next.refresh_token)).status).toBe(401);
    expect((await me(next.access_token)).status).toBe(401);
    expect((await me(session.accessToken)).status).toBe(401);
  });

  it("answers 5 concurrent refreshes with one token alike within the grace, and the session lives on", async () => {
    const session = await signIn();
    const responses = await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(responses.map((response) => response.json<TokenBody>()));
    const successors = new Set(bodies.map((body) => body.refresh_token));
    // One successor for all: the session keeps a single line of tokens, so later reuse is still detected.
    expect(successors.size).toBe(1);
    expect(successors.has(session.refreshToken)).toBe(false);
    expect(await tokenCount(session.userId)).toBe(2);
    for (const body of bodies) expect((await me(body.access_token)).status).toBe(200);

    const following = await refresh(bodies[0]?.refresh_token ?? "");
    expect(following.status).toBe(200);
    expect((await me((await following.json<TokenBody>()).access_token)).status).toBe(200);
  });

  it("replays the successor to a late duplicate within the grace, then revokes a replay after it", async () => {
    const session = await signIn();
    const first = await (await refresh(session.refreshToken)).json<TokenBody>();
    const duplicate = await refresh(session.refreshToken);
    expect(duplicate.status).toBe(200);
    expect((await duplicate.json<TokenBody>()).refresh_token).toBe(first.refresh_token);

    await endGrace(session.userId);
    expect((await (await refresh(session.refreshToken)).json<ProblemBody>()).error_code).toBe(
      "REFRESH_TOKEN_REUSED",
    );
    expect((await refresh(first.refresh_token)).status).toBe(401);
  });

  it("without a grace (0), lets only one of two concurrent refreshes succeed and keeps no successor", async () => {
    const session = await signIn();
    const noGrace = (token: string) =>
      callApp(
        "/api/v1/auth/refresh",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ refresh_token: token }),
        },
        { REFRESH_REUSE_GRACE_SECONDS: "0" },
      );
    const responses = await Promise.all([noGrace(session.refreshToken), noGrace(session.refreshToken)]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 401]);
    // The losing request stored no token of its own.
    expect(await tokenCount(session.userId)).toBe(2);
    expect(await successors(session.userId)).toEqual([]);
  });

  it("never writes a refresh token to the logs, whether rotated, replayed or revoked", async () => {
    const secrets: string[] = [];
    const logs = await captureLogs(async () => {
      const session = await signIn();
      const bodies = await Promise.all(
        Array.from({ length: 5 }, async () => (await refresh(session.refreshToken)).json<TokenBody>()),
      );
      await endGrace(session.userId);
      await refresh(session.refreshToken);
      secrets.push(session.refreshToken, session.accessToken, ...bodies.map((body) => body.refresh_token));
    });
    expect(logs.count).toBeGreaterThan(0);
    for (const secret of secrets) expect(logs.text).not.toContain(secret);
  });

  it("rotates atomically: when storing the new token fails, the old one is not spent and a retry works", async () => {
    const session = await signIn();
    const sessionId = await sessionIdOf(session.userId);
    await env.DB.prepare(
      `CREATE TRIGGER ${FAIL_TRIGGER} BEFORE INSERT ON refresh_tokens WHEN NEW.session_id = '${sessionId}'
       BEGIN SELECT RAISE(ABORT, 'refresh token insert failed (test)'); END`,
    ).run();
    try {
      expect((await refresh(session.refreshToken)).status).toBe(500);
    } finally {
      await env.DB.prepare(`DROP TRIGGER IF EXISTS ${FAIL_TRIGGER}`).run();
    }
    const unused = await env.DB.prepare("SELECT rotated_at FROM refresh_tokens WHERE session_id = ?")
      .bind(sessionId)
      .all<{ rotated_at: number | null }>();
    expect(unused.results).toEqual([{ rotated_at: null }]);

    const retry = await refresh(session.refreshToken);
    expect(retry.status).toBe(200);
    expect((await me((await retry.json<TokenBody>()).access_token)).status).toBe(200);
  });

  it("announces the configured access-token lifetime as expires_in", async () => {
    const session = await signIn();
    const response = await callApp(
      "/api/v1/auth/refresh",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: session.refreshToken }),
      },
      { ACCESS_TOKEN_TTL_SECONDS: "42" },
    );
    expect((await response.json<{ expires_in: number }>()).expires_in).toBe(42);
  });

  it("answers 401 INVALID_REFRESH_TOKEN for an unknown token", async () => {
    const response = await refresh("never-issued");
    expect(response.status).toBe(401);
    expect((await response.json<ProblemBody>()).error_code).toBe("INVALID_REFRESH_TOKEN");
  });

  it("answers 401 INVALID_REFRESH_TOKEN for an expired session", async () => {
    const session = await signIn();
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE user_id = ?")
      .bind(Date.now() - 1, session.userId)
      .run();
    expect((await (await refresh(session.refreshToken)).json<ProblemBody>()).error_code).toBe(
      "INVALID_REFRESH_TOKEN",
    );
  });

  it("answers 422 without a refresh_token", async () => {
    const response = await postJson("/auth/refresh", {});
    expect(response.status).toBe(422);
    expect((await response.json<ProblemBody>()).errors?.[0]?.path).toBe("refresh_token");
  });
});

describe("POST /api/v1/auth/logout", () => {
  it("revokes the current session: its access and refresh tokens stop working", async () => {
    const session = await signIn();
    const other = await signIn();
    const response = await api("/auth/logout", { method: "POST", headers: authHeaders(session.accessToken) });
    expect(response.status).toBe(204);
    expect((await me(session.accessToken)).status).toBe(401);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);
  });
});

describe("sessions", () => {
  it("lists my active sessions with the current one marked", async () => {
    const email = `multi-${crypto.randomUUID()}@example.test`;
    const first = await signIn(email);
    const second = await signIn(email);
    const response = await api("/auth/sessions", { headers: authHeaders(second.accessToken) });
    const { sessions } = await response.json<{ sessions: { id: string; current: boolean }[] }>();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);

    const firstId = sessions.find((session) => !session.current)?.id ?? "";
    const revoke = await api(`/auth/sessions/${firstId}`, {
      method: "DELETE",
      headers: authHeaders(second.accessToken),
    });
    expect(revoke.status).toBe(204);
    expect((await me(first.accessToken)).status).toBe(401);
    expect((await me(second.accessToken)).status).toBe(200);
  });

  it("answers 404 for another user's session id", async () => {
    const victim = await signIn();
    const attacker = await signIn();
    const list = await api("/auth/sessions", { headers: authHeaders(victim.accessToken) });
    const victimSession = (await list.json<{ sessions: { id: string }[] }>()).sessions[0]?.id ?? "";
    const response = await api(`/auth/sessions/${victimSession}`, {
      method: "DELETE",
      headers: authHeaders(attacker.accessToken),
    });
    expect(response.status).toBe(404);
    expect((await me(victim.accessToken)).status).toBe(200);
  });
});

describe("deactivated accounts", () => {
  it("are refused with 403 ACCOUNT_DISABLED on requests, refresh and sign-in", async () => {
    const email = `disabled-${crypto.randomUUID()}@example.test`;
    const session = await signIn(email);
    await env.DB.prepare("UPDATE users SET is_active = 0 WHERE id = ?").bind(session.userId).run();
    for (const response of [
      await me(session.accessToken),
      await refresh(session.refreshToken),
      await postJson("/auth/dev-login", { email }),
    ]) {
      expect(response.status).toBe(403);
      expect((await response.json<ProblemBody>()).error_code).toBe("ACCOUNT_DISABLED");
    }
  });
});

describe("purgeExpiredAuthRows", () => {
  it("deletes long-ended sessions with their tokens and keeps active ones", async () => {
    const ended = await signIn();
    const active = await signIn();
    const longAgo = Date.now() - 31 * 24 * 60 * 60 * 1000;
    await env.DB.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ?")
      .bind(longAgo, ended.userId)
      .run();
    await purgeExpiredAuthRows(createDb(env.DB));
    const count = (userId: string) =>
      env.DB.prepare(
        "SELECT COUNT(*) AS n FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE s.user_id = ?",
      )
        .bind(userId)
        .first<{ n: number }>();
    expect((await count(ended.userId))?.n).toBe(0);
    expect((await count(active.userId))?.n).toBe(1);
    expect((await me(active.accessToken)).status).toBe(200);
  });

  it("forgets encrypted successors once no grace can reach them", async () => {
    const session = await signIn();
    await refresh(session.refreshToken);
    await purgeExpiredAuthRows(createDb(env.DB));
    expect(await successors(session.userId)).toHaveLength(1);
    await purgeExpiredAuthRows(createDb(env.DB), new Date(Date.now() + 301_000));
    expect(await successors(session.userId)).toEqual([]);
  });
});
