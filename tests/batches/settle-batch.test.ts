import { env, SELF } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { settleBatch, sweepBatches } from "../../src/batches/settle-batch";
import { createDb } from "../../src/db/client";
import { batches, jobs, webhookDeliveries } from "../../src/db/schema";
import { trackerFor } from "../../src/jobs/tracker/client";
import { type DomainEvent, domainEventId } from "../../src/lib/domain-events";
import { authHeaders, signIn } from "../helpers/auth";
import { deliver } from "../helpers/queue";
import { seedPreparedJob } from "../helpers/seed-job";
import { eventsOf, registerEndpoint, serveDns, serveReceiver } from "../helpers/webhooks";

const db = () => createDb(env.DB);
const CHUNKS = [["Le soleil se levait sur la ville endormie."]];

/** A batch of two prepared jobs, still running (no message queued for them). */
async function runningBatch(
  userId: string,
  status: "creating" | "processing" = "processing",
  createdAt = new Date(),
) {
  const batchId = crypto.randomUUID();
  await db()
    .insert(batches)
    .values({ id: batchId, userId, status, rejected: [], createdAt, updatedAt: createdAt });
  const seeded = [await seedPreparedJob(userId, CHUNKS), await seedPreparedJob(userId, CHUNKS)];
  const jobIds = seeded.map((job) => job.jobId);
  await db().update(jobs).set({ batchId }).where(inArray(jobs.id, jobIds));
  return { batchId, jobIds };
}

/**
 * Ends a job in its D1 row only: the batch reads a terminal row without asking the tracker, and no
 * `job.finished` goes out, so no reaction runs beside the test.
 */
const endInD1 = (jobId: string) =>
  db().update(jobs).set({ status: "failed", completedAt: new Date() }).where(eq(jobs.id, jobId));

/** Bindings whose event bus only records what is published. */
function withRecordingBus() {
  const published: DomainEvent[] = [];
  const bus = { send: async (event: DomainEvent) => void published.push(event) };
  return { published, env: { ...env, EVENT_BUS: bus as unknown as Queue } };
}

describe("batch completion", () => {
  it("cancel stops the running jobs; their ends complete the batch, and batch.completed goes out once however often it is recounted", async () => {
    serveDns();
    const received = serveReceiver();
    const user = await signIn();
    const endpoint = await registerEndpoint(user.accessToken, { events: ["batch.completed"] });
    const { batchId, jobIds } = await runningBatch(user.userId);

    const cancelled = await SELF.fetch(`https://api.test/api/v1/batches/${batchId}/cancel`, {
      method: "POST",
      headers: authHeaders(user.accessToken),
    });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ counts: { total: 2, cancelled: 2 } });

    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    expect(eventsOf(received, "batch.completed")[0].data.counts).toEqual({
      total: 2,
      completed: 0,
      failed: 0,
      cancelled: 2,
    });

    expect(await settleBatch(env, db(), batchId)).toBe(false);
    const state = await trackerFor(env, jobIds[0]!).snapshot();
    const at = state!.completedAt ?? state!.updatedAt;
    const repeat: DomainEvent = {
      type: "job.finished",
      id: domainEventId("job.finished", jobIds[0]!, at),
      jobId: jobIds[0]!,
      userId: user.userId,
      status: "cancelled",
      at,
    };
    await deliver("fnt-dev-events", [{ body: repeat }, { body: repeat }]);
    const rows = await db()
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.endpointId, endpoint.id),
          eq(webhookDeliveries.eventType, "batch.completed"),
        ),
      );
    expect(rows).toHaveLength(1);
  });

  it("waits while a job still runs, and completes once every job has ended", async () => {
    const user = await signIn();
    const { batchId, jobIds } = await runningBatch(user.userId);
    const recording = withRecordingBus();
    await endInD1(jobIds[0]!);
    expect(await settleBatch(recording.env, db(), batchId)).toBe(false);
    await endInD1(jobIds[1]!);
    expect(await settleBatch(recording.env, db(), batchId)).toBe(true);
    expect(await settleBatch(recording.env, db(), batchId)).toBe(false);
    expect(recording.published.filter((event) => event.type === "batch.finished")).toEqual([
      expect.objectContaining({ batchId, userId: user.userId }),
    ]);
  });

  it("the cron opens a batch its request left creating, and announces again a completion whose send failed", async () => {
    const user = await signIn();
    const old = new Date(Date.now() - 11 * 60_000);
    const abandoned = await runningBatch(user.userId, "creating", old);
    for (const jobId of abandoned.jobIds) await endInD1(jobId);
    const recording = withRecordingBus();
    await sweepBatches(recording.env, db(), Date.now());
    const row = await db().query.batches.findFirst({ where: eq(batches.id, abandoned.batchId) });
    expect(row).toMatchObject({ status: "completed" });
    expect(recording.published).toHaveLength(1);

    await db()
      .update(batches)
      .set({ eventPublishedAt: null, completedAt: old })
      .where(eq(batches.id, abandoned.batchId));
    await sweepBatches(recording.env, db(), Date.now());
    expect(recording.published).toHaveLength(2);
    expect(recording.published[1]!.id).toBe(
      domainEventId("batch.finished", abandoned.batchId, old.getTime()),
    );
  });
});
