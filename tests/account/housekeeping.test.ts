import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { requestAccountDeletion } from "../../src/account/deletion/request";
import { requestAccountExport } from "../../src/account/export/exports";
import { redriveAccountWork } from "../../src/account/housekeeping";
import { runHousekeeping } from "../../src/cron/housekeeping";
import { accountDeletions, accountExports } from "../../src/db/schema";
import { finishedExport } from "../helpers/account";
import { signIn } from "../helpers/auth";
import { config, objectsUnder } from "../helpers/erasure";
import { db } from "../helpers/history";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("account housekeeping", () => {
  it("deletes an export's ZIP and row 7 days after it completed", async () => {
    const user = await signIn();
    const done = await finishedExport(user.accessToken);
    const row = () => db.query.accountExports.findFirst({ where: eq(accountExports.id, done.export_id) });
    await runHousekeeping(env, Date.now() + 6 * DAY_MS);
    expect(await row()).toBeDefined();
    await runHousekeeping(env, Date.now() + 8 * DAY_MS);
    expect(await row()).toBeUndefined();
    expect(await objectsUnder(`account-exports/${user.userId}/`)).toEqual([]);
  });

  it("sends a deletion whose message was lost again, and it completes", async () => {
    const user = await signIn("lost@example.test");
    // The request's message never reaches the queue.
    const lost = { ACCOUNT_QUEUE: { send: async () => undefined } as unknown as Queue };
    await requestAccountDeletion(lost, db, config, user.userId, "lost@example.test");
    const row = () =>
      db.query.accountDeletions.findFirst({ where: eq(accountDeletions.userId, user.userId) });
    expect(await redriveAccountWork(env, db, Date.now())).toEqual({ exports: 0, deletions: 0 });

    expect(await redriveAccountWork(env, db, Date.now() + 60 * 60 * 1000)).toEqual({
      exports: 0,
      deletions: 1,
    });
    const deadline = Date.now() + 30_000;
    while ((await row())?.status !== "completed" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await row()).toMatchObject({ status: "completed", step: "done" });
  });

  it("keeps an export whose message could not be sent pending, and sends it again", async () => {
    const user = await signIn();
    const down = {
      ACCOUNT_QUEUE: { send: () => Promise.reject(new Error("queue unavailable")) } as unknown as Queue,
    };
    const requested = await requestAccountExport(down, db, user.userId, false);
    const row = await db.query.accountExports.findFirst({ where: eq(accountExports.id, requested.id) });
    expect(row).toMatchObject({ status: "pending", errorCode: null });

    const held = { ACCOUNT_QUEUE: { send: async () => undefined } as unknown as Queue };
    expect(await redriveAccountWork(held, db, Date.now() + 60 * 60 * 1000)).toEqual({
      exports: 1,
      deletions: 0,
    });
  });
});
