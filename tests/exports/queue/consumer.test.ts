import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import type { FakeGoogleWorkspace } from "../../../scripts/lib/fake-google/workspace.mjs";
import { createDb } from "../../../src/db/client";
import { sheetExports } from "../../../src/db/schema";
import { createExport, type ExportRequest } from "../../../src/exports/create-export";
import { claimExport, loadExport } from "../../../src/exports/export-store";
import { consumeExportBatch } from "../../../src/exports/queue/consumer";
import { consumeExportDeadLetters } from "../../../src/exports/queue/dead-letters";
import { signIn } from "../../helpers/auth";
import {
  exportDelivery,
  grantGoogle,
  numberedSentences,
  recordingQueue,
  SPREADSHEETS,
  seedCompletedJob,
} from "../../helpers/exports";
import { FakeGoogle } from "../../helpers/fake-google";
import { GOOGLE_APIS, installGoogleApis } from "../../helpers/google-apis";
import { network } from "../../helpers/network";
import { workerConfig } from "../../helpers/worker-config";

const db = createDb(env.DB);
const HEADER = ["Sentence", "Original sentence", "Page"];
const NEW: ExportRequest = { destination: "google_sheets", mode: "new" };

let google: FakeGoogleWorkspace;
let exportQueue: ReturnType<typeof recordingQueue>;
let eventQueue: ReturnType<typeof recordingQueue>;
let testEnv: Env;
beforeEach(() => {
  google = installGoogleApis();
  new FakeGoogle().install();
  exportQueue = recordingQueue();
  eventQueue = recordingQueue();
  testEnv = { ...env, EXPORT_QUEUE: exportQueue.queue, EVENT_BUS: eventQueue.queue };
});

/** An export of a seeded job, created as the route does but with its message kept here. */
async function newExport(rows: number, request: ExportRequest = NEW, scopes?: string[]) {
  const user = await signIn();
  await grantGoogle(user.userId, scopes ? { scopes } : {});
  const sentences = numberedSentences(rows);
  const jobId = await seedCompletedJob(user.userId, sentences);
  const row = await createExport(testEnv, db, { userId: user.userId, jobId, request });
  exportQueue.sent.length = 0;
  return { id: row.id, userId: user.userId, rows: sentences.map((s) => [s.text, s.source, s.page]) };
}

/** Delivers the export's message to the consumer, as the queue would (attempt `attempts`). */
async function deliver(exportId: string, attempts = 1) {
  const delivery = exportDelivery(exportId, attempts);
  await consumeExportBatch(delivery.batch, testEnv, workerConfig());
  return delivery.outcome;
}

const stored = async (exportId: string) => (await loadExport(db, exportId))!;
const dataWrites = () =>
  google.requests
    .filter((request) => request.method === "PUT" && !request.path.includes("!A1:"))
    .map((request) => request.path.slice(request.path.lastIndexOf("!") + 1));

/** Answers the `n`th Sheets call matching `method` with a 503 (once), letting every other call through. */
function failSheetsCall(method: "GET" | "PUT", n: number) {
  let seen = 0;
  network.use(
    http.all(`${GOOGLE_APIS.sheets}/v4/*`, ({ request }) => {
      if (request.method !== method || ++seen !== n) return;
      return HttpResponse.json(
        { error: { code: 503, message: "unavailable", status: "UNAVAILABLE" } },
        { status: 503 },
      );
    }),
  );
}

describe("a redelivered export message", () => {
  it("continues after the last recorded batch and writes no row twice", async () => {
    const { id, rows } = await newExport(12_000);
    failSheetsCall("PUT", 4); // header, 5,000 rows, 5,000 rows, then the last batch fails
    const first = await deliver(id);
    expect(first.retried).not.toBeNull();
    expect(await stored(id)).toMatchObject({ status: "running", rowsWritten: 10_000, startRow: 2 });

    expect(await deliver(id, 2)).toMatchObject({ acked: true, retried: null });
    expect(await stored(id)).toMatchObject({ status: "completed", rowsWritten: 12_000, attempts: 2 });
    // The refused write never reached the sheet; the second delivery wrote only the batch still missing.
    expect(dataWrites()).toEqual(["A2:C5001", "A5002:C10001", "A10002:C12001"]);
    const spreadsheetId = (await stored(id)).spreadsheetId!;
    expect(google.inspect(spreadsheetId)?.sheets[0]?.values).toEqual([HEADER, ...rows]);

    const calls = google.requests.length;
    expect(await deliver(id, 3)).toMatchObject({ acked: true });
    expect(google.requests).toHaveLength(calls);
  });

  it("finds the spreadsheet a delivery created just before dying, instead of creating a second", async () => {
    const { id, rows } = await newExport(3);
    failSheetsCall("GET", 1); // the delivery dies right after Drive created the spreadsheet…
    expect((await deliver(id)).retried).not.toBeNull();
    // …and before its id was recorded.
    await db.update(sheetExports).set({ spreadsheetId: null }).where(eq(sheetExports.id, id));
    expect((await deliver(id, 2)).acked).toBe(true);
    const created = google.requests.filter((r) => r.method === "POST" && r.path === "/drive/v3/files");
    expect(created).toHaveLength(1);
    const marked = [...(await listSpreadsheets())].filter(
      (s) => s.appProperties.frenchNovelToolExport === id,
    );
    expect(marked).toHaveLength(1);
    expect(marked[0]?.sheets[0]?.values).toEqual([HEADER, ...rows]);
    expect((await stored(id)).spreadsheetId).toBe(marked[0]?.spreadsheetId);
  });
});

async function listSpreadsheets() {
  const answer = google.handle({ method: "GET", url: `${GOOGLE_APIS.sheets}/__fake/spreadsheets` });
  return answer.body as NonNullable<ReturnType<FakeGoogleWorkspace["inspect"]>>[];
}

describe("one writer per spreadsheet", () => {
  it("holds an append back while another export writes to the same sheet, then places it below", async () => {
    const user = await signIn();
    await grantGoogle(user.userId, { scopes: [SPREADSHEETS] });
    const spreadsheetId = google.addSpreadsheet({ rows: [["déjà là"]] });
    const append: ExportRequest = {
      destination: "google_sheets",
      mode: "append",
      spreadsheet_id: spreadsheetId,
    };
    const [a, b] = await Promise.all(
      [numberedSentences(3, "A"), numberedSentences(2, "B")].map(async (sentences) => {
        const jobId = await seedCompletedJob(user.userId, sentences);
        return (await createExport(testEnv, db, { userId: user.userId, jobId, request: append })).id;
      }),
    );
    exportQueue.sent.length = 0;
    await claimExport(db, a!, new Date());

    expect(await deliver(b!)).toMatchObject({ acked: true, retried: null });
    expect(exportQueue.sent).toEqual([{ body: { type: "export.run", exportId: b }, delaySeconds: 15 }]);
    expect((await stored(b!)).status).toBe("pending");
    expect(google.requests).toEqual([]);

    await deliver(a!);
    await deliver(b!);
    expect(google.inspect(spreadsheetId)?.sheets[0]?.values).toEqual([
      ["déjà là"],
      ...numberedSentences(3, "A").map((s) => [s.text, s.source, s.page]),
      ...numberedSentences(2, "B").map((s) => [s.text, s.source, s.page]),
    ]);
  });
});

describe("failures", () => {
  it("retries after the wait Google asked for", async () => {
    const { id } = await newExport(2);
    google.failNext("429", { retryAfter: 42 });
    expect(await deliver(id)).toMatchObject({ acked: false, retried: { delaySeconds: 42 } });
    expect((await stored(id)).status).toBe("running");
  });

  it("fails UPSTREAM_UNAVAILABLE on the last delivery, and announces it once", async () => {
    const { id, userId } = await newExport(2);
    google.failNext("503");
    expect(await deliver(id, 6)).toMatchObject({ acked: true, retried: null });
    const failed = await stored(id);
    expect(failed).toMatchObject({ status: "failed", errorCode: "UPSTREAM_UNAVAILABLE" });
    expect(failed.announcedAt).not.toBeNull();
    const at = failed.completedAt!.getTime();
    expect(eventQueue.sent.map((sent) => sent.body)).toEqual([
      {
        type: "export.finished",
        id: `export.finished:${id}:${at}`,
        exportId: id,
        userId,
        status: "failed",
        at,
      },
    ]);
    await deliver(id, 1);
    expect(eventQueue.sent).toHaveLength(1);
  });

  it("announces a completed export", async () => {
    const { id } = await newExport(1);
    await deliver(id);
    expect(eventQueue.sent.map((sent) => sent.body)).toEqual([
      expect.objectContaining({ type: "export.finished", exportId: id, status: "completed" }),
    ]);
  });

  it("fails an export whose message was dead-lettered", async () => {
    const { id } = await newExport(1);
    const delivery = exportDelivery(id, 1, "fnt-dev-exports-dlq");
    await consumeExportDeadLetters(delivery.batch, testEnv);
    expect(delivery.outcome.acked).toBe(true);
    expect(await stored(id)).toMatchObject({ status: "failed", errorCode: "INTERNAL_ERROR" });
    expect(eventQueue.sent).toHaveLength(1);
  });
});
