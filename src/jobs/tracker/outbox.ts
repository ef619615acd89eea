import { type DomainEvent, domainEventId, publishEvent } from "../../lib/domain-events";
import { describeError, log } from "../../lib/logger";
import { isTerminal, type JobState } from "./job-state";

const OUTBOX_KEY = "outbox";

/** How soon the tracker's alarm tries again to publish events whose first send failed. */
export const OUTBOX_RETRY_MS = 30_000;

/** The `job.finished` event of a state that just became terminal. */
export function jobFinishedEvent(state: JobState): DomainEvent {
  const at = state.completedAt ?? state.updatedAt;
  return {
    type: "job.finished",
    id: domainEventId("job.finished", state.jobId, at),
    jobId: state.jobId,
    userId: state.userId,
    status: state.status as "completed" | "failed" | "cancelled",
    at,
  };
}

/** Whether a transition from `before` to `after` ends the job (a reopened job that ends again counts anew). */
export function endsJob(before: JobState | null, after: JobState): boolean {
  return isTerminal(after.status) && !(before && isTerminal(before.status));
}

/**
 * The tracker's outbox: events are stored with the transition that caused them, in the same storage, and
 * removed once EVENT_BUS accepted them. A failed send leaves them for the alarm, so a job's end is announced
 * at least once even when the queue is briefly unreachable; consumers recognise a repeat by the event id.
 */
export class Outbox {
  constructor(
    private readonly kv: SyncKvStorage,
    private readonly env: Pick<Env, "EVENT_BUS">,
  ) {}

  /** Stores an event to publish. */
  add(event: DomainEvent): void {
    const pending = this.pending();
    if (!pending.some((existing) => existing.id === event.id)) this.kv.put(OUTBOX_KEY, [...pending, event]);
  }

  /** Events not yet accepted by the queue. */
  pending(): DomainEvent[] {
    return this.kv.get<DomainEvent[]>(OUTBOX_KEY) ?? [];
  }

  /** Publishes what is pending, keeping what the queue refused; never throws. Returns how many are left. */
  async flush(): Promise<number> {
    const sent = new Set<string>();
    for (const event of this.pending()) {
      try {
        await publishEvent(this.env, event);
        sent.add(event.id);
      } catch (error) {
        log("warn", "could not publish a domain event; the alarm retries", {
          event_id: event.id,
          ...describeError(error),
        });
      }
    }
    // Read again: an event added while a send was in flight must stay.
    const left = this.pending().filter((event) => !sent.has(event.id));
    if (left.length > 0) this.kv.put(OUTBOX_KEY, left);
    else this.kv.delete(OUTBOX_KEY);
    return left.length;
  }
}
