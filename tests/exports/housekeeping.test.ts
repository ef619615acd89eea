import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { sheetExports } from "../../src/db/schema";
import { createExport } from "../../src/exports/create-export";
import { claimExport, loadExport } from "../../src/exports/export-store";
import { MAX_REDRIVES, redriveStalledExports } from "../../src/exports/housekeeping";
import { signIn } from "../helpers/auth";
import { grantGoogle, numberedSentences, recordingQueue, seedCompletedJob } from "../helpers/exports";

const db = createDb(env.DB);
const MINUTE = 60_000;

let exportQueue: ReturnType<typeof recordingQueue>;
let eventQueue: ReturnType<typeof recordingQueue>;
let testEnv: Env;
beforeEach(() => {
  exportQueue = recordingQueue();
  eventQueue = recordingQueue();
  testEnv = { ...env, EXPORT_QUEUE: exportQueue.queue, EVENT_BUS: eventQueue.queue };
});

/** An export whose delivery started and then went silent (its message lost, its worker killed). */
async function silentExport() {
  const user = await signIn();
  await grantGoogle(user.userId);
  const jobId = await seedCompletedJob(user.userId, numberedSentences(2));
  const request = { destination: "google_sheets", mode: "new" } as const;
  const { id } = await createExport(testEnv, db, { userId: user.userId, jobId, request });
  await claimExport(db, id, new Date());
  exportQueue.sent.length = 0;
  return id;
}

// Exports of earlier tests in this file stay in D1: each test looks only at the messages about its own.
const about = (queue: ReturnType<typeof recordingQueue>, id: string) =>
  queue.sent.map((sent) => sent.body as { exportId: string }).filter((body) => body.exportId === id);

/** One cron run, `minutes` from now, treating exports untouched for 10 minutes as stalled. */
const sweep = (minutes: number) =>
  redriveStalledExports(testEnv, db, Date.now() + (minutes - 10) * MINUTE, Date.now() + minutes * MINUTE);

describe("exports nobody looks after", () => {
  it("leaves an export with recent progress alone", async () => {
    const id = await silentExport();
    expect(await sweep(5)).toBe(0);
    expect(about(exportQueue, id)).toEqual([]);
    expect((await loadExport(db, id))?.status).toBe("running");
  });

  it(`sends a silent export to the queue again ${MAX_REDRIVES} times, then fails it EXPORT_STALLED`, async () => {
    const id = await silentExport();
    for (let redrive = 1; redrive <= MAX_REDRIVES; redrive++) {
      await sweep(11 * redrive);
      expect(about(exportQueue, id)).toHaveLength(redrive);
      expect(await loadExport(db, id)).toMatchObject({ status: "running", redrives: redrive });
    }
    await sweep(11 * (MAX_REDRIVES + 1));
    expect(about(exportQueue, id)).toHaveLength(MAX_REDRIVES);
    expect(await loadExport(db, id)).toMatchObject({ status: "failed", errorCode: "EXPORT_STALLED" });
    expect(about(eventQueue, id)).toEqual([
      expect.objectContaining({ type: "export.finished", exportId: id, status: "failed" }),
    ]);
  });

  it("announces an ended export whose export.finished did not go out, once", async () => {
    const id = await silentExport();
    const ended = new Date();
    await db
      .update(sheetExports)
      .set({ status: "completed", completedAt: ended, updatedAt: ended })
      .where(eq(sheetExports.id, id));
    await sweep(11);
    await sweep(22);
    expect(about(eventQueue, id)).toEqual([
      expect.objectContaining({
        type: "export.finished",
        exportId: id,
        status: "completed",
        at: ended.getTime(),
      }),
    ]);
    expect(about(exportQueue, id)).toEqual([]);
  });
});
