import type { Config } from "../../config";
import { createDb } from "../../db/client";
import { backoffCurve } from "../../lib/backoff";
import { describeError, log } from "../../lib/logger";
import { reportError } from "../../lib/sentry";
import { attemptDelivery } from "./attempt";
import { DeliveryMessageSchema } from "./messages";

/** When our side failed (D1 unreachable), not the receiver: 4, 8, 16… seconds, capped at 5 minutes. */
const backoffSeconds = backoffCurve({ firstSeconds: 4, maxSeconds: 5 * 60, jitter: [0.5, 1] });

/**
 * Consumes the webhook queue: one attempt per message, the messages of a batch in parallel (each waits on a
 * receiver for up to 10 s). A failed attempt retries the message after the schedule's delay.
 */
export async function consumeDeliveries(
  batch: MessageBatch<unknown>,
  env: Env,
  config: Config,
): Promise<void> {
  const db = createDb(env.DB);
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = DeliveryMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        log("warn", "dropping malformed webhook message", { message_id: message.id });
        message.ack();
        return;
      }
      try {
        const verdict = await attemptDelivery(db, config, parsed.data, message.attempts);
        if (verdict.kind === "ack") message.ack();
        else message.retry({ delaySeconds: verdict.delaySeconds });
      } catch (error) {
        const fields = { delivery_id: parsed.data.deliveryId, attempts: message.attempts };
        log("error", "webhook attempt could not run; retrying", { ...fields, ...describeError(error) });
        reportError(error, { tags: { delivery_id: parsed.data.deliveryId } });
        message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      }
    }),
  );
}
