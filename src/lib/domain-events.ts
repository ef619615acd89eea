import { z } from "zod";

/**
 * What happened to a resource, announced once on EVENT_BUS for the features that react to it (webhooks,
 * batches, usage). A discriminated union on `type`; bodies carry ids only, each reaction reads what it needs.
 * `id` is derived from the resource and the moment of the change, so announcing the same change twice (a
 * redelivered message, a retried alarm) yields the same id and every reaction can ignore the repeat.
 */
export const DomainEventSchema = z.discriminatedUnion("type", [
  /** A job reached a terminal status. A retried job that ends again is a new event (a new `at`). */
  z.object({
    type: z.literal("job.finished"),
    id: z.string(),
    jobId: z.string(),
    userId: z.string(),
    status: z.enum(["completed", "failed", "cancelled"]),
    at: z.number().int(),
  }),
  /** A Google Sheets export ended. */
  z.object({
    type: z.literal("export.finished"),
    id: z.string(),
    exportId: z.string(),
    userId: z.string(),
    status: z.enum(["completed", "failed"]),
    at: z.number().int(),
  }),
  /** Every job of a batch reached a terminal status. */
  z.object({
    type: z.literal("batch.finished"),
    id: z.string(),
    batchId: z.string(),
    userId: z.string(),
    at: z.number().int(),
  }),
]);

export type DomainEvent = z.infer<typeof DomainEventSchema>;

/** An event's stable id: its type, the resource and the moment, so a repeat is recognisable. */
export function domainEventId(type: DomainEvent["type"], resourceId: string, at: number): string {
  return `${type}:${resourceId}:${at}`;
}

/** Announces an event on EVENT_BUS; the caller retries (or keeps it in an outbox) if the send fails. */
export async function publishEvent(env: Pick<Env, "EVENT_BUS">, event: DomainEvent): Promise<void> {
  await env.EVENT_BUS.send(event, { contentType: "json" });
}
