import { z } from "zod";

/** Every message ACCOUNT_QUEUE carries: a discriminated union on `type`, ids only. */
export const AccountMessageSchema = z.discriminatedUnion("type", [
  /** Build the ZIP of an export row. */
  z.object({ type: z.literal("account.export"), exportId: z.string() }),
  /** Run (or resume) the deletion of an account from the step its row records. */
  z.object({ type: z.literal("account.delete"), userId: z.string() }),
]);

export type AccountMessage = z.infer<typeof AccountMessageSchema>;

/**
 * Deliveries of one message before it goes to the dead-letter queue: 1 + `max_retries` of the account
 * queue's consumer in wrangler.jsonc. On the last one the outcome is recorded instead of retried.
 */
export const ACCOUNT_MAX_DELIVERIES = 6;
