import { eq } from "drizzle-orm";
import { createDb } from "../../db/client";
import { webhookDeliveries } from "../../db/schema";
import { log } from "../../lib/logger";
import { finishDelivery } from "./attempt";
import { DeliveryMessageSchema } from "./messages";

/**
 * Consumes the webhook dead-letter queue: a message that used up the queue's retries without its delivery
 * being settled (the consumer kept failing on our side). The delivery is recorded as failed, with its last
 * error kept: it stays in the log, and can be redelivered.
 */
export async function consumeDeliveryDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  for (const message of batch.messages) {
    const parsed = DeliveryMessageSchema.safeParse(message.body);
    if (parsed.success) {
      const { deliveryId, series } = parsed.data;
      log("warn", "webhook delivery dead-lettered", { delivery_id: deliveryId });
      const row = await db.query.webhookDeliveries.findFirst({
        where: eq(webhookDeliveries.id, deliveryId),
        columns: { lastError: true },
      });
      const last = row?.lastError ? ` (last: ${row.lastError})` : "";
      await finishDelivery(
        db,
        { id: deliveryId, series },
        { status: "failed", lastError: `Dead-lettered: the queue's retries ran out${last}` },
      );
    }
    message.ack();
  }
}
