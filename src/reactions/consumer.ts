import type { Config } from "../config";
import { backoffCurve } from "../lib/backoff";
import { DomainEventSchema } from "../lib/domain-events";
import { describeError, log } from "../lib/logger";
import { reportError } from "../lib/sentry";
import { react } from "./react";

/** A reaction that failed waits 4, 8, 16… seconds (half of it at least), capped at 10 minutes. */
const backoffSeconds = backoffCurve({ firstSeconds: 4, maxSeconds: 10 * 60, jitter: [0.5, 1] });

/**
 * Consumes EVENT_BUS: each event goes to every reaction; a failure retries the message with backoff, and
 * after the queue's `max_retries` it lands in the dead-letter queue.
 */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env, config: Config): Promise<void> {
  for (const message of batch.messages) {
    const parsed = DomainEventSchema.safeParse(message.body);
    if (!parsed.success) {
      log("warn", "dropping malformed domain event", { message_id: message.id });
      message.ack();
      continue;
    }
    try {
      await react(parsed.data, { env, config });
      message.ack();
    } catch (error) {
      log("warn", "a reaction to a domain event failed; retrying", {
        event_id: parsed.data.id,
        attempts: message.attempts,
        ...describeError(error),
      });
      if (message.attempts === 1) reportError(error, { tags: { event_id: parsed.data.id } });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

/** Consumes the events dead-letter queue: a reaction kept failing; the event is logged and reported. */
export async function consumeEventDeadLetters(batch: MessageBatch<unknown>): Promise<void> {
  for (const message of batch.messages) {
    const parsed = DomainEventSchema.safeParse(message.body);
    const eventId = parsed.success ? parsed.data.id : message.id;
    log("error", "domain event dead-lettered: its reactions kept failing", { event_id: eventId });
    reportError(new Error("domain event dead-lettered"), { tags: { event_id: eventId } });
    message.ack();
  }
}
