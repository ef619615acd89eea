import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { type WebhookDelivery, webhookDeliveries } from "../../src/db/schema";
import { recordDeliveries } from "../../src/webhooks/deliveries";
import { webhookHousekeeping } from "../../src/webhooks/housekeeping";
import type { DeliveryMessage } from "../../src/webhooks/queue/messages";
import { signIn } from "../helpers/auth";
import { registerEndpoint, serveDns } from "../helpers/webhooks";

const db = () => createDb(env.DB);
const DAY = 24 * 3600_000;

async function deliveryWith(endpointId: string, changes: Partial<WebhookDelivery>): Promise<string> {
  const eventId = `test:${crypto.randomUUID()}`;
  const [message] = await recordDeliveries(db(), [endpointId], {
    eventType: "webhook.test",
    eventId,
    resourceId: endpointId,
    body: "{}",
  });
  await db().update(webhookDeliveries).set(changes).where(eq(webhookDeliveries.id, message!.deliveryId));
  return message!.deliveryId;
}

const row = (id: string) => db().query.webhookDeliveries.findFirst({ where: eq(webhookDeliveries.id, id) });

describe("webhook housekeeping", () => {
  it("purges finished deliveries after 30 days, and re-queues a pending one whose message was lost", async () => {
    serveDns();
    const user = await signIn();
    const { id } = await registerEndpoint(user.accessToken);
    const now = Date.now();
    const old = new Date(now - 31 * DAY);
    const purged = await deliveryWith(id, { status: "delivered", updatedAt: old });
    const recent = await deliveryWith(id, { status: "failed", updatedAt: new Date(now - 29 * DAY) });
    const lost = await deliveryWith(id, {
      attempts: 3,
      series: 2,
      nextAttemptAt: new Date(now - 20 * 60_000),
    });
    const waiting = await deliveryWith(id, { attempts: 1, nextAttemptAt: new Date(now + 5 * 60_000) });

    const sent: DeliveryMessage[] = [];
    const queue = {
      sendBatch: async (batch: { body: DeliveryMessage }[]) => void sent.push(...batch.map((m) => m.body)),
    };
    await webhookHousekeeping({ WEBHOOK_QUEUE: queue as unknown as Queue }, db(), now);

    expect(await row(purged)).toBeUndefined();
    expect(await row(recent)).toBeDefined();
    expect(sent.filter((message) => [lost, waiting].includes(message.deliveryId))).toEqual([
      { type: "webhook.deliver", deliveryId: lost, series: 3, attemptsBefore: 3 },
    ]);
    expect(await row(lost)).toMatchObject({ status: "pending", series: 3, attempts: 3 });
    expect(await row(waiting)).toMatchObject({ series: 1 });
  });
});
