import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { requestAccountDeletion } from "../../src/account/deletion/request";
import { runDeletion } from "../../src/account/deletion/run-deletion";
import { DATA_SECTIONS } from "../../src/account/registry";
import { accountDeletions, jobs, sheetExports } from "../../src/db/schema";
import { trackerFor } from "../../src/jobs/tracker/client";
import { finishedExport } from "../helpers/account";
import { signIn } from "../helpers/auth";
import {
  cachedJobIds,
  config,
  fakeRevocation,
  grantGoogle,
  objectsUnder,
  rowsOf,
  seedIntegrations,
  tablesWithUserId,
} from "../helpers/erasure";
import { call, completedJob, db, postJson, runningJob, seededPdf } from "../helpers/history";
import { API, allSentences, uploadPdf, waitForJob } from "../helpers/jobs";

const deletion = (userId: string) =>
  db.query.accountDeletions.findFirst({ where: eq(accountDeletions.userId, userId) });

async function waitForDeletion(userId: string) {
  const deadline = Date.now() + 50_000;
  for (;;) {
    const row = await deletion(userId);
    if (row?.status === "completed" || row?.status === "failed") return row;
    if (Date.now() > deadline) throw new Error(`deletion still ${row?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const deleteAccount = (token: string, confirm: string) =>
  call(token, "/account", {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ confirm }),
  });

const allZero = (counts: Record<string, number>) =>
  Object.fromEntries(Object.keys(counts).map((table) => [table, 0]));

/** A queue that records what it is sent, for runs driven by hand. */
function heldQueue() {
  const sent: unknown[] = [];
  return {
    sent,
    env: { ACCOUNT_QUEUE: { send: async (body: unknown) => void sent.push(body) } as unknown as Queue },
  };
}

/** The bindings with R2 deletes failing: a deletion interrupted half-way. */
function withFailingDeletes(): Env {
  const bucket = new Proxy(env.PDF_BUCKET, {
    get(target, property) {
      if (property === "delete") return () => Promise.reject(new Error("R2 unavailable"));
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...env, PDF_BUCKET: bucket };
}

describe("DELETE /api/v1/account", () => {
  it("erases every row, object, cache entry and tracker of the user, and keeps what another user reads", async () => {
    const email = `leaver-${crypto.randomUUID()}@example.test`;
    const user = await signIn(email);
    const other = await signIn();
    const shared = await seededPdf("shared");
    const mine = await uploadPdf(user.accessToken, shared);
    const first = (await mine.json<{ job_id: string }>()).job_id;
    await waitForJob(user.accessToken, first);
    const second = await completedJob(user.accessToken);
    const theirs = (await (await uploadPdf(other.accessToken, shared)).json<{ job_id: string }>()).job_id;
    await waitForJob(other.accessToken, theirs);
    const theirSentences = await allSentences(other.accessToken, theirs);
    // The same book by another user is served from the cache: their job reads this user's results.
    expect((await db.query.jobs.findFirst({ where: eq(jobs.id, theirs) }))?.resultPrefix).toBe(
      `jobs/${first}`,
    );
    const { key } = await (
      await postJson(user.accessToken, "/api-keys", { name: "cli", scopes: ["jobs:read"] })
    ).json<{ key: string }>();
    await grantGoogle(user.userId, "rt-leaver");
    await seedIntegrations(user.userId, "v1:whsec-ciphertext");
    await db.insert(sheetExports).values({
      id: crypto.randomUUID(),
      userId: user.userId,
      jobId: second,
      destination: "google_sheets",
      mode: "new",
      options: { columns: ["sentence"], share_with: [{ email: "friend@example.test", role: "reader" }] },
      status: "completed",
    });
    await finishedExport(user.accessToken);
    const revoked = fakeRevocation();
    const before = await rowsOf(user.userId);
    expect(before).toMatchObject({
      users: 1,
      jobs: 2,
      sessions: 1,
      api_keys: 1,
      google_credentials: 1,
      user_settings: 1,
      account_exports: 1,
      exports: 1,
      webhook_endpoints: 1,
      batches: 1,
    });
    const deliveries = () =>
      env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries").first<number>("n");
    expect(await deliveries()).toBeGreaterThan(0);
    expect(await objectsUnder(`account-exports/${user.userId}/`)).toHaveLength(1);
    expect(await cachedJobIds()).toContain(first);

    const response = await deleteAccount(user.accessToken, email.toUpperCase());
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "pending" });
    // Refused at once: the access token, the API key, the refresh token.
    expect((await call(user.accessToken, "/auth/me")).status).toBe(401);
    expect((await call(key, "/history")).status).toBe(401);
    const refreshed = await SELF.fetch(`${API}/auth/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: user.refreshToken }),
    });
    expect([401, 403]).toContain(refreshed.status);

    const done = await waitForDeletion(user.userId);
    expect(done).toMatchObject({ status: "completed", googleRevocation: "revoked", errorMessage: null });
    expect(revoked).toEqual(["rt-leaver"]);
    expect(await rowsOf(user.userId)).toEqual(allZero(before));
    expect(await deliveries()).toBe(0);
    expect(await objectsUnder(`pdfs/${user.userId}/`)).toEqual([]);
    expect(await objectsUnder(`account-exports/${user.userId}/`)).toEqual([]);
    expect(await objectsUnder(`jobs/${second}/`)).toEqual([]);
    expect(await trackerFor(env, second).snapshot()).toBeNull();
    expect(await cachedJobIds()).not.toContain(first);
    expect(await cachedJobIds()).not.toContain(second);
    // The other user's copy of the same book stays readable, PDF and results.
    const theirRow = await db.query.jobs.findFirst({ where: eq(jobs.id, theirs) });
    expect(await env.PDF_BUCKET.head(theirRow?.pdfKey ?? "")).not.toBeNull();
    expect(await allSentences(other.accessToken, theirs)).toEqual(theirSentences);

    const again = await signIn(email);
    expect(again.userId).not.toBe(user.userId);
  });

  it("refuses a wrong confirmation (422) and leaves the account as it was", async () => {
    const user = await signIn();
    const response = await deleteAccount(user.accessToken, "someone-else@example.test");
    expect(response.status).toBe(422);
    expect((await response.json<{ error_code: string }>()).error_code).toBe("CONFIRMATION_MISMATCH");
    expect(await deletion(user.userId)).toBeUndefined();
    expect((await call(user.accessToken, "/auth/me")).status).toBe(200);
  });

  it("treats a second request as a no-op", async () => {
    const user = await signIn("twice@example.test");
    const queue = heldQueue();
    const first = await requestAccountDeletion(queue.env, db, config, user.userId, "twice@example.test");
    const second = await requestAccountDeletion(queue.env, db, config, user.userId, "wrong@example.test");
    expect(second).toEqual(first);
    expect(queue.sent).toHaveLength(1);
  });
});

describe("an interrupted deletion", () => {
  it("records where it stopped and resumes there on redelivery", async () => {
    const user = await signIn("halfway@example.test");
    const book = await completedJob(user.accessToken);
    const running = await runningJob(user.userId);
    const queue = heldQueue();
    await requestAccountDeletion(queue.env, db, config, user.userId, "halfway@example.test");

    await expect(runDeletion(withFailingDeletes(), config, user.userId, false)).rejects.toThrow(
      "R2 unavailable",
    );
    const stopped = await deletion(user.userId);
    expect(stopped).toMatchObject({
      status: "running",
      step: "erase:jobs",
      attempts: 1,
      cancelledJobs: [running],
    });
    expect(stopped?.errorMessage).toContain("R2 unavailable");
    expect((await trackerFor(env, running).snapshot())?.status).toBe("cancelled");

    await runDeletion(env, config, user.userId, false);
    expect(await deletion(user.userId)).toMatchObject({ status: "completed", step: "done", attempts: 2 });
    expect(Object.values(await rowsOf(user.userId)).every((n) => n === 0)).toBe(true);
    expect(await objectsUnder(`jobs/${book}/`)).toEqual([]);
    expect(await objectsUnder(`pdfs/${user.userId}/`)).toEqual([]);
    expect(await trackerFor(env, running).snapshot()).toBeNull();
  });

  it("retries Google's revocation, then records its failure on the last delivery and erases all the same", async () => {
    const user = await signIn("google-down@example.test");
    await grantGoogle(user.userId, "rt-down");
    await requestAccountDeletion(heldQueue().env, db, config, user.userId, "google-down@example.test");
    const attempts = fakeRevocation(503);

    await expect(runDeletion(env, config, user.userId, false)).rejects.toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
    });
    expect(await deletion(user.userId)).toMatchObject({ status: "running", step: "revoke_google" });
    await runDeletion(env, config, user.userId, true);
    expect(await deletion(user.userId)).toMatchObject({ status: "completed", googleRevocation: "failed" });
    expect(attempts).toEqual(["rt-down", "rt-down"]);
    expect(await rowsOf(user.userId)).toMatchObject({ users: 0, google_credentials: 0 });
  });
});

describe("the registry of user data", () => {
  it("claims every D1 table that holds a user_id", async () => {
    const claimed = DATA_SECTIONS.flatMap((section) => [
      ...section.tables,
      ...(section.retains ?? []).map((kept) => kept.table),
    ]);
    for (const table of await tablesWithUserId()) expect(claimed, table).toContain(table);
  });

  it("logs a finished deletion with the user id and counts only", async () => {
    const user = await signIn("logged@example.test");
    await requestAccountDeletion(heldQueue().env, db, config, user.userId, "logged@example.test");
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    await runDeletion(env, config, user.userId, false);
    const entry = lines.map((line) => JSON.parse(line)).find((line) => line.message === "account deleted");
    expect(entry).toMatchObject({ user_id: user.userId, counts: { "erase:profile.rows": 1 } });
    expect(JSON.stringify(entry)).not.toContain("logged@example.test");
  });
});
