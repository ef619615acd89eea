import type { DeliveryMessage } from "./messages";

/** The most messages the Queues API accepts in one `sendBatch`. */
const SEND_BATCH_LIMIT = 100;

/** Queues deliveries for their next attempt, at once; the one module that sends webhook messages. */
export async function enqueueDeliveries(
  env: Pick<Env, "WEBHOOK_QUEUE">,
  messages: readonly DeliveryMessage[],
): Promise<void> {
  for (let start = 0; start < messages.length; start += SEND_BATCH_LIMIT) {
    const batch = messages
      .slice(start, start + SEND_BATCH_LIMIT)
      .map((body) => ({ body, contentType: "json" as const }));
    await env.WEBHOOK_QUEUE.sendBatch(batch);
  }
}
