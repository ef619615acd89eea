import { settleBatchOfJob } from "../batches/settle-batch";
import type { Config } from "../config";
import { recordJobMetrics } from "../jobs/job-metrics";
import { settleJobUsage } from "../jobs/job-usage";
import type { DomainEvent } from "../lib/domain-events";
import { log } from "../lib/logger";
import { deliverWebhooks } from "../webhooks/fan-out";

/** What a reaction may use: the bindings and the parsed configuration. */
export interface ReactionContext {
  env: Env;
  config: Config;
}

/** One feature's answer to a domain event; it must be idempotent (the same event id may come twice). */
export type Reaction = (event: DomainEvent, context: ReactionContext) => Promise<void>;

/**
 * The features that react to domain events, in order. Each is run for every event and picks the types it
 * cares about; a failure retries the whole message, so every reaction runs again and must ignore a repeat.
 */
const REACTIONS: readonly Reaction[] = [settleBatchOfJob, deliverWebhooks, settleJobUsage, recordJobMetrics];

/** Hands one event to every reaction; the event itself is logged so operators see each job's end. */
export async function react(event: DomainEvent, context: ReactionContext): Promise<void> {
  log("info", "domain event", { event_type: event.type, event_id: event.id, user_id: event.userId });
  for (const reaction of REACTIONS) await reaction(event, context);
}
