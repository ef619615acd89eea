import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type WebhookEndpoint, webhookEndpoints } from "../db/schema";
import { shouldDisableEndpoint } from "./retry-schedule";

/** The `disabled_reason` of an endpoint turned off because every attempt failed for five days. */
const FAILING_FOR_DAYS_REASON = "Every delivery attempt failed for 5 days; re-enable it once it answers.";
/** The `disabled_reason` of an endpoint whose receiver answered 410 Gone. */
export const GONE_REASON = "The receiver answered 410 Gone; re-enable it to receive events again.";

/** A 2xx: the endpoint is healthy again. */
export async function recordEndpointSuccess(db: Database, endpointId: string, at: Date): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ lastSuccessAt: at, failingSince: null, updatedAt: at })
    .where(eq(webhookEndpoints.id, endpointId));
}

/** Turns an endpoint off with the reason shown to its owner; its pending deliveries then fail. */
export async function disableEndpoint(
  db: Database,
  endpointId: string,
  reason: string,
  at: Date,
): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: at })
    .where(eq(webhookEndpoints.id, endpointId));
}

/**
 * A failed attempt: starts the endpoint's failing period if none runs, and disables the endpoint when it
 * has failed without a single success for five days. Returns true when it was disabled.
 */
export async function recordEndpointFailure(
  db: Database,
  endpoint: Pick<WebhookEndpoint, "id" | "failingSince" | "lastSuccessAt">,
  at: Date,
): Promise<boolean> {
  const failingSince = endpoint.failingSince ?? at;
  if (shouldDisableEndpoint({ failingSince, lastSuccessAt: endpoint.lastSuccessAt }, at)) {
    await disableEndpoint(db, endpoint.id, FAILING_FOR_DAYS_REASON, at);
    return true;
  }
  if (!endpoint.failingSince) {
    await db
      .update(webhookEndpoints)
      // Kept when set meanwhile: the first failure after the last success starts the period.
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${at.getTime()})` })
      .where(eq(webhookEndpoints.id, endpoint.id));
  }
  return false;
}
