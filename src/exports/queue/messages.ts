import { z } from "zod";

/** Every message the export queue carries: a discriminated union on `type`, ids only. */
export const ExportMessageSchema = z.discriminatedUnion("type", [
  /** Run (or continue) one export: its D1 row says how far earlier deliveries got. */
  z.object({ type: z.literal("export.run"), exportId: z.string() }),
]);

export type ExportMessage = z.infer<typeof ExportMessageSchema>;

/**
 * Deliveries of one message before it goes to the dead-letter queue: 1 + `max_retries` of the export queue's
 * consumer in wrangler.jsonc. On the last one a failure is recorded instead of retried.
 */
export const EXPORT_MAX_DELIVERIES = 6;
