import { and, eq, lt, sql } from "drizzle-orm";
import type { Config } from "../../config";
import type { Database } from "../../db/client";
import {
  type WebhookDelivery,
  type WebhookEndpoint,
  webhookDeliveries,
  webhookEndpoints,
} from "../../db/schema";
import { checkUrlFor } from "../check-url";
import { type DeliveryOutcome, deliver } from "../deliver";
import {
  disableEndpoint,
  GONE_REASON,
  recordEndpointFailure,
  recordEndpointSuccess,
} from "../endpoint-health";
import { nextAttemptDelay } from "../retry-schedule";
import { signingSecrets } from "../secret-store";
import { signWebhook } from "../signature";
import type { DeliveryMessage } from "./messages";

/** What the consumer does with the message after an attempt. */
export type AttemptVerdict = { kind: "ack" } | { kind: "retry"; delaySeconds: number };

const ACK: AttemptVerdict = { kind: "ack" };
/** How much of a receiver's answer the delivery log keeps beside the status. */
const LOGGED_ANSWER_CHARS = 300;

/**
 * One attempt at a delivery, for one delivery of its queue message: claims the attempt (so a duplicate
 * message makes none), checks the URL again, signs with the endpoint's secrets and a fresh timestamp, sends,
 * and records the outcome. The verdict says whether the message is done or comes back after a delay.
 */
export async function attemptDelivery(
  db: Database,
  config: Config,
  message: DeliveryMessage,
  queueAttempts: number,
): Promise<AttemptVerdict> {
  const found = await loadDelivery(db, message);
  if (!found) return ACK;
  const { delivery, endpoint } = found;
  if (!endpoint.enabled) {
    await finishDelivery(db, delivery, {
      status: "failed",
      lastError: `Endpoint disabled: ${endpoint.disabledReason ?? "by its owner"}`,
    });
    return ACK;
  }
  const attempt = await claimAttempt(db, message, queueAttempts);
  if (attempt === null) return ACK;
  const outcome = await sendAttempt(config, endpoint, delivery);
  return recordOutcome(db, config, { delivery, endpoint, attempt, outcome });
}

/** The delivery and its endpoint, or null when the message is stale (delivered, failed, redelivered, deleted). */
async function loadDelivery(db: Database, message: DeliveryMessage) {
  const [found] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, message.deliveryId));
  if (found?.delivery.status !== "pending" || found.delivery.series !== message.series) return null;
  return found;
}

/**
 * Counts the attempt this message delivery stands for, unless it was already made: two copies of one message
 * (queues deliver at least once) make one attempt. Returns the attempt's number in its series, or null.
 */
async function claimAttempt(
  db: Database,
  message: DeliveryMessage,
  queueAttempts: number,
): Promise<number | null> {
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(webhookDeliveries.id, message.deliveryId),
        eq(webhookDeliveries.series, message.series),
        eq(webhookDeliveries.status, "pending"),
        lt(webhookDeliveries.attempts, message.attemptsBefore + queueAttempts),
      ),
    )
    .returning({ attempts: webhookDeliveries.attempts });
  return claimed?.attempts ?? null;
}

/** Checks the URL again (DNS may have changed since it was saved), signs and sends; never throws. */
async function sendAttempt(
  config: Config,
  endpoint: WebhookEndpoint,
  delivery: WebhookDelivery,
): Promise<DeliveryOutcome> {
  const refused = (error: string): DeliveryOutcome => ({
    ok: false,
    status: null,
    durationMs: 0,
    responseSnippet: "",
    gone: false,
    error,
  });
  const check = await checkUrlFor(config, endpoint.url);
  if (!check.ok) return refused(`URL refused (${check.reason}): ${check.detail}`);
  const now = new Date();
  let secrets: string[];
  try {
    secrets = await signingSecrets(config, endpoint.id, endpoint, now);
  } catch {
    return refused("The signing secret cannot be decrypted (TOKEN_ENCRYPTION_PREVIOUS_KEYS?)");
  }
  // The attempt's own time: receivers refuse a timestamp more than a few minutes old.
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = await signWebhook({ id: delivery.id, timestamp, body: delivery.body, secrets });
  return deliver({ url: endpoint.url, body: delivery.body, headers: { ...headers } });
}

interface Attempted {
  delivery: WebhookDelivery;
  endpoint: WebhookEndpoint;
  attempt: number;
  outcome: DeliveryOutcome;
}

/** Records the outcome in the delivery log and the endpoint's health, and decides what comes next. */
async function recordOutcome(db: Database, config: Config, attempted: Attempted): Promise<AttemptVerdict> {
  const { delivery, endpoint, attempt, outcome } = attempted;
  const now = new Date();
  const logged = {
    lastHttpStatus: outcome.status,
    durationMs: outcome.durationMs,
    lastError: describeFailure(outcome),
  };
  if (outcome.ok) {
    await finishDelivery(db, delivery, { ...logged, status: "delivered" });
    await recordEndpointSuccess(db, endpoint.id, now);
    return ACK;
  }
  if (outcome.gone) {
    await disableEndpoint(db, endpoint.id, GONE_REASON, now);
    await finishDelivery(db, delivery, { ...logged, status: "failed" });
    return ACK;
  }
  const disabled = await recordEndpointFailure(db, endpoint, now);
  const delay = disabled ? null : retryDelay(config, attempt, outcome.retryAfterSeconds);
  if (delay === null) {
    const why = disabled ? "Endpoint disabled after failing for 5 days" : `Gave up after ${attempt} attempts`;
    await finishDelivery(db, delivery, {
      ...logged,
      status: "failed",
      lastError: `${why}: ${logged.lastError}`,
    });
    return ACK;
  }
  await finishDelivery(db, delivery, {
    ...logged,
    status: "pending",
    nextAttemptAt: new Date(now.getTime() + delay * 1000),
  });
  return { kind: "retry", delaySeconds: delay };
}

/** The schedule's next delay, shortened in development when WEBHOOK_DEV_RETRY_MAX_SECONDS is set. */
function retryDelay(config: Config, attempt: number, retryAfterSeconds: number | undefined): number | null {
  const delay = nextAttemptDelay(attempt, retryAfterSeconds);
  const cap = config.ENVIRONMENT === "development" ? config.WEBHOOK_DEV_RETRY_MAX_SECONDS : undefined;
  return delay === null || cap === undefined ? delay : Math.min(delay, cap);
}

/** The delivery log's words for a failed attempt: the transport error, or the status and the answer's start. */
function describeFailure(outcome: DeliveryOutcome): string | null {
  if (outcome.ok) return null;
  if (outcome.error) return outcome.error;
  const answer = outcome.responseSnippet.trim().slice(0, LOGGED_ANSWER_CHARS);
  return `HTTP ${outcome.status}${answer ? `: ${answer}` : ""}`;
}

/**
 * Writes an attempt's result to a pending delivery, unless a redelivery started another series meanwhile
 * (whose attempts then own the row).
 */
export async function finishDelivery(
  db: Database,
  delivery: Pick<WebhookDelivery, "id" | "series">,
  changes: Partial<
    Pick<WebhookDelivery, "status" | "lastHttpStatus" | "lastError" | "durationMs" | "nextAttemptAt">
  >,
): Promise<void> {
  const terminal = changes.status === "delivered" || changes.status === "failed";
  await db
    .update(webhookDeliveries)
    .set({ ...changes, ...(terminal ? { nextAttemptAt: null } : {}), updatedAt: new Date() })
    .where(
      and(
        eq(webhookDeliveries.id, delivery.id),
        eq(webhookDeliveries.series, delivery.series),
        eq(webhookDeliveries.status, "pending"),
      ),
    );
}
