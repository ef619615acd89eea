import { decodeJwt, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signAccessToken, verifyAccessToken } from "../../src/auth/access-token";

const OLD_SECRET = "the-previous-signing-secret-0123456789abcdef";
const NEW_SECRET = "the-current-signing-secret-0123456789abcdefgh";
const claims = { userId: "user-1", sessionId: "session-1" };
const TTL = { ACCESS_TOKEN_TTL_SECONDS: 900 };

describe("access tokens", () => {
  it("round-trips the user and session", async () => {
    const config = { JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: [], ...TTL };
    expect(await verifyAccessToken(config, await signAccessToken(config, claims))).toEqual(claims);
  });

  it("lives ACCESS_TOKEN_TTL_SECONDS", async () => {
    const token = await signAccessToken({ JWT_SECRET: NEW_SECRET, ACCESS_TOKEN_TTL_SECONDS: 42 }, claims);
    const { exp, iat } = decodeJwt(token);
    expect((exp ?? 0) - (iat ?? 0)).toBe(42);
  });

  it("still verifies a token signed with a previous secret after a rotation", async () => {
    const token = await signAccessToken({ JWT_SECRET: OLD_SECRET, ...TTL }, claims);
    const rotated = { JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: [OLD_SECRET] };
    expect(await verifyAccessToken(rotated, token)).toEqual(claims);
    expect(await verifyAccessToken({ JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: [] }, token)).toBeNull();
  });

  it("names its key by a fingerprint, never the secret", async () => {
    const token = await signAccessToken({ JWT_SECRET: NEW_SECRET, ...TTL }, claims);
    const header = JSON.parse(atob(token.split(".")[0] ?? "")) as { kid: string; alg: string };
    expect(header.alg).toBe("HS256");
    expect(header.kid).toMatch(/^[\w-]{16}$/);
    expect(token).not.toContain(NEW_SECRET);
  });

  it("refuses tampered, expired, foreign and malformed tokens", async () => {
    const config = { JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: [], ...TTL };
    const token = await signAccessToken(config, claims);
    const [header, , signature] = token.split(".");
    const forgedPayload = btoa(JSON.stringify({ sub: "admin", sid: "x" })).replace(/=+$/, "");
    const key = new TextEncoder().encode(NEW_SECRET);
    const kid = JSON.parse(atob(header ?? "")).kid as string;
    const expired = await new SignJWT({ sid: "session-1" })
      .setProtectedHeader({ alg: "HS256", kid })
      .setSubject("user-1")
      .setIssuer("french-novel-tool")
      .setAudience("french-novel-tool-api")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(key);
    const wrongAudience = await new SignJWT({ sid: "session-1" })
      .setProtectedHeader({ alg: "HS256", kid })
      .setSubject("user-1")
      .setIssuer("french-novel-tool")
      .setAudience("another-api")
      .setExpirationTime("5m")
      .sign(key);
    for (const bad of [`${header}.${forgedPayload}.${signature}`, expired, wrongAudience, "garbage", ""]) {
      expect(await verifyAccessToken(config, bad)).toBeNull();
    }
  });
});
