import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { jobs, sheetExports, webhookDeliveries, webhookEndpoints } from "../../src/db/schema";
import { type DomainEvent, domainEventId } from "../../src/lib/domain-events";
import { react } from "../../src/reactions/react";
import type { DeliveryMessage } from "../../src/webhooks/queue/messages";
import { signIn } from "../helpers/auth";
import { deliver } from "../helpers/queue";
import { RECEIVER_URL, registerEndpoint, serveDns, serveReceiver } from "../helpers/webhooks";
import { workerConfig } from "../helpers/worker-config";

const db = () => createDb(env.DB);
const OTHER_URL = "https://hooks.example.com/second";

/** The worker's bindings with a webhook queue that only records what is sent to it. */
function withRecordingQueue() {
  const sent: DeliveryMessage[] = [];
  const queue = {
    send: async (body: DeliveryMessage) => void sent.push(body),
    sendBatch: async (messages: Iterable<{ body: DeliveryMessage }>) => {
      for (const message of messages) sent.push(message.body);
    },
  };
  return { sent, env: { ...env, WEBHOOK_QUEUE: queue as unknown as Queue } };
}

/** A job that completed, as its D1 row records it (no tracker: the row is the whole view). */
async function completedJob(userId: string) {
  const jobId = crypto.randomUUID();
  const createdAt = new Date(Date.now() - 60_000);
  const completedAt = new Date();
  await db()
    .insert(jobs)
    .values({
      id: jobId,
      userId,
      status: "completed",
      filename: "germinal.pdf",
      fileSize: 1000,
      pdfSha256: "0".repeat(64),
      pdfKey: `pdfs/${userId}/x.pdf`,
      settings: {},
      engine: "offline",
      sentenceCount: 42,
      pageCount: 3,
      createdAt,
      updatedAt: completedAt,
      completedAt,
    });
  const event: DomainEvent = {
    type: "job.finished",
    id: domainEventId("job.finished", jobId, completedAt.getTime()),
    jobId,
    userId,
    status: "completed",
    at: completedAt.getTime(),
  };
  return { jobId, event };
}

describe("webhook fan-out", () => {
  it("makes one delivery per subscribed endpoint when the event is processed twice, and one request each", async () => {
    serveDns();
    const user = await signIn();
    const first = await registerEndpoint(user.accessToken, { events: ["job.completed"] });
    const second = await registerEndpoint(user.accessToken, {
      url: OTHER_URL,
      events: ["job.completed", "job.failed"],
    });
    await registerEndpoint(user.accessToken, { events: ["job.failed"] });
    const stranger = await signIn();
    await registerEndpoint(stranger.accessToken, { events: ["job.completed"] });
    const { jobId, event } = await completedJob(user.userId);

    const recording = withRecordingQueue();
    const context = { env: recording.env, config: workerConfig() };
    await react(event, context);
    await react(event, context);

    const rows = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, event.id));
    expect(rows.map((row) => row.endpointId).sort()).toEqual([first.id, second.id].sort());
    expect(new Set(recording.sent.map((message) => message.deliveryId)).size).toBe(2);

    const received = [serveReceiver(RECEIVER_URL), serveReceiver(OTHER_URL)];
    const batch = await deliver(
      "fnt-dev-webhooks",
      recording.sent.map((body) => ({ body })),
    );
    expect(batch.explicitAcks).toHaveLength(recording.sent.length);
    expect(received.map((requests) => requests.length)).toEqual([1, 1]);

    const payload = JSON.parse(received[0]![0]!.body);
    expect(payload).toEqual({
      type: "job.completed",
      timestamp: new Date(event.at).toISOString(),
      data: {
        job_id: jobId,
        batch_id: null,
        status: "completed",
        filename: "germinal.pdf",
        sentence_count: 42,
        page_count: 3,
        engine: "offline",
        error: null,
        created_at: expect.any(String),
        completed_at: new Date(event.at).toISOString(),
        links: {
          self: `/api/v1/jobs/${jobId}`,
          sentences: `/api/v1/jobs/${jobId}/sentences`,
          download: `/api/v1/jobs/${jobId}/download`,
        },
      },
    });
  });

  it("sends nothing to a disabled endpoint", async () => {
    serveDns();
    const user = await signIn();
    const endpoint = await registerEndpoint(user.accessToken, { events: ["job.completed"] });
    await db().update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, endpoint.id));
    const { event } = await completedJob(user.userId);
    const recording = withRecordingQueue();
    await react(event, { env: recording.env, config: workerConfig() });
    expect(recording.sent).toEqual([]);
    expect(
      await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)),
    ).toEqual([]);
  });

  it("describes a finished export from its row: the spreadsheet's address, or the failure", async () => {
    serveDns();
    const user = await signIn();
    await registerEndpoint(user.accessToken, { events: ["export.completed"] });
    const { jobId } = await completedJob(user.userId);
    const exportId = crypto.randomUUID();
    const spreadsheetUrl = "https://docs.google.com/spreadsheets/d/sheet-1/edit";
    await db()
      .insert(sheetExports)
      .values({
        id: exportId,
        userId: user.userId,
        jobId,
        destination: "google_sheets",
        mode: "new",
        options: { columns: ["index", "sentence"] },
        status: "completed",
        spreadsheetUrl,
      });
    const recording = withRecordingQueue();
    const event: DomainEvent = {
      type: "export.finished",
      id: domainEventId("export.finished", exportId, 5),
      exportId,
      userId: user.userId,
      status: "completed",
      at: 5,
    };
    await react(event, { env: recording.env, config: workerConfig() });
    const received = serveReceiver(RECEIVER_URL);
    await deliver(
      "fnt-dev-webhooks",
      recording.sent.map((body) => ({ body })),
    );
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      type: "export.completed",
      data: {
        export_id: exportId,
        job_id: jobId,
        status: "completed",
        destination: "google_sheets",
        result_url: spreadsheetUrl,
        error: null,
      },
    });
  });

  it("skips an export event whose export cannot be read, without failing the other reactions", async () => {
    serveDns();
    const user = await signIn();
    await registerEndpoint(user.accessToken, { events: ["export.completed"] });
    const recording = withRecordingQueue();
    const event: DomainEvent = {
      type: "export.finished",
      id: domainEventId("export.finished", "exp_1", 1),
      exportId: "exp_1",
      userId: user.userId,
      status: "completed",
      at: 1,
    };
    await expect(react(event, { env: recording.env, config: workerConfig() })).resolves.toBeUndefined();
    expect(recording.sent).toEqual([]);
  });
});
