import { env } from "cloudflare:test";
import { HttpResponse, http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import {
  getGoogleAccessToken,
  grantedGoogleScopes,
  saveGoogleTokens,
} from "../../../src/auth/google/credentials";
import { createDb } from "../../../src/db/client";
import { ApiError } from "../../../src/lib/errors";
import { type FakeAccount, FakeGoogle, GOOGLE, newAccount } from "../../helpers/fake-google";
import { postJson } from "../../helpers/http";
import { network } from "../../helpers/network";
import { workerConfig } from "../../helpers/worker-config";

interface StoredRow {
  access_token: string;
  refresh_token: string | null;
  access_token_expires_at: number;
}

let google: FakeGoogle;
beforeEach(() => {
  google = new FakeGoogle().install();
});

async function signInWithCode(account: FakeAccount, refreshToken?: string | null) {
  const code = google.issueCode(account, refreshToken === undefined ? {} : { refreshToken });
  const response = await postJson("/auth/google", { code });
  expect(response.status).toBe(200);
  return (await response.json<{ user: { id: string } }>()).user.id;
}

function storedRow(userId: string) {
  return env.DB.prepare("SELECT * FROM google_credentials WHERE user_id = ?").bind(userId).first<StoredRow>();
}

async function expireAccessToken(userId: string) {
  await env.DB.prepare("UPDATE google_credentials SET access_token_expires_at = ? WHERE user_id = ?")
    .bind(Date.now() - 1000, userId)
    .run();
}

const db = () => createDb(env.DB);

describe("Google tokens at rest", () => {
  it("stores no token in clear, and names the key that encrypted them", async () => {
    const userId = await signInWithCode(newAccount(), "rt-secret-refresh-token");
    const row = await storedRow(userId);
    const raw = JSON.stringify(row);
    expect(raw).not.toContain("rt-secret-refresh-token");
    expect(raw).not.toMatch(/"at-[0-9a-f-]{36}"/);
    expect(row?.access_token).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]+$/);
    expect(row?.refresh_token?.split(".")[1]).toBe(row?.access_token.split(".")[1]);
  });

  it("keeps the stored refresh token when a re-login returns none", async () => {
    const account = newAccount();
    const userId = await signInWithCode(account, "rt-first");
    await signInWithCode(account, null);
    await expireAccessToken(userId);
    await getGoogleAccessToken(db(), workerConfig(), userId);
    expect(google.tokenRequests.at(-1)?.get("refresh_token")).toBe("rt-first");
  });
});

describe("getGoogleAccessToken", () => {
  it("returns the stored token while it is valid, without calling Google", async () => {
    const userId = await signInWithCode(newAccount());
    const before = google.tokenRequests.length;
    const token = await getGoogleAccessToken(db(), workerConfig(), userId);
    expect(token).toMatch(/^at-/);
    expect(google.tokenRequests).toHaveLength(before);
  });

  it("refreshes an expired token at Google and saves the new one", async () => {
    const userId = await signInWithCode(newAccount());
    await expireAccessToken(userId);
    const token = await getGoogleAccessToken(db(), workerConfig(), userId);
    expect(google.tokenRequests.at(-1)?.get("grant_type")).toBe("refresh_token");
    const row = await storedRow(userId);
    expect(row?.access_token_expires_at).toBeGreaterThan(Date.now());
    expect(await getGoogleAccessToken(db(), workerConfig(), userId)).toBe(token);
  });

  it("refreshes a token Google refused before its expiry when asked to, keeping the grant's scopes", async () => {
    const userId = await signInWithCode(newAccount());
    const stored = await getGoogleAccessToken(db(), workerConfig(), userId);
    const fresh = await getGoogleAccessToken(db(), workerConfig(), userId, { forceRefresh: true });
    expect(fresh).not.toBe(stored);
    expect(google.tokenRequests.at(-1)?.get("grant_type")).toBe("refresh_token");
    expect(await getGoogleAccessToken(db(), workerConfig(), userId)).toBe(fresh);
    expect([...((await grantedGoogleScopes(db(), userId)) ?? [])]).toContain(
      "https://www.googleapis.com/auth/spreadsheets",
    );
    expect(await grantedGoogleScopes(db(), "no-such-user")).toBeNull();
  });

  it("throws GOOGLE_REAUTH_REQUIRED when the grant was revoked, and forgets the tokens", async () => {
    const userId = await signInWithCode(newAccount(), "rt-to-revoke");
    google.revoke("rt-to-revoke");
    await expireAccessToken(userId);
    const error = await getGoogleAccessToken(db(), workerConfig(), userId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("GOOGLE_REAUTH_REQUIRED");
    expect(await storedRow(userId)).toBeNull();
  });

  it("keeps tokens a concurrent sign-in saved while the old grant was being refused", async () => {
    const userId = await signInWithCode(newAccount(), "rt-stale");
    await expireAccessToken(userId);
    network.use(
      http.post(GOOGLE.tokenUrl, async () => {
        // The user signs in again (a new grant) while Google is refusing the old refresh token.
        await saveGoogleTokens(db(), workerConfig(), userId, {
          access_token: "at-relogin",
          refresh_token: "rt-relogin",
          expires_in: 3600,
        });
        return HttpResponse.json({ error: "invalid_grant" }, { status: 400 });
      }),
    );
    const error = await getGoogleAccessToken(db(), workerConfig(), userId).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("GOOGLE_REAUTH_REQUIRED");
    expect(await storedRow(userId)).not.toBeNull();
    expect(await getGoogleAccessToken(db(), workerConfig(), userId)).toBe("at-relogin");
  });

  it("throws GOOGLE_REAUTH_REQUIRED for a user who never granted access", async () => {
    const error = await getGoogleAccessToken(db(), workerConfig(), "no-such-user").catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("GOOGLE_REAUTH_REQUIRED");
  });

  it("throws UPSTREAM_UNAVAILABLE when Google fails while refreshing", async () => {
    const userId = await signInWithCode(newAccount());
    await expireAccessToken(userId);
    network.use(http.post(GOOGLE.tokenUrl, () => new HttpResponse(null, { status: 500 })));
    const error = await getGoogleAccessToken(db(), workerConfig(), userId).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("UPSTREAM_UNAVAILABLE");
  });

  it("still decrypts tokens stored under a previous encryption key", async () => {
    const userId = await signInWithCode(newAccount());
    const oldKey = workerConfig().TOKEN_ENCRYPTION_KEY;
    const rotated = workerConfig({
      TOKEN_ENCRYPTION_KEY: btoa("a-brand-new-32-byte-key-for-aes!"),
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: [oldKey],
    });
    expect(await getGoogleAccessToken(db(), rotated, userId)).toMatch(/^at-/);

    const withoutOldKey = { ...rotated, TOKEN_ENCRYPTION_PREVIOUS_KEYS: [] };
    await expireAccessToken(userId);
    const error = await getGoogleAccessToken(db(), withoutOldKey, userId).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("GOOGLE_REAUTH_REQUIRED");
  });
});
