import { z } from "zod";

/**
 * Every message the job queue carries: a discriminated union on `type`. Bodies stay tiny (ids and numbers);
 * text travels through R2, never through a message (the limit is 128 KB).
 */
export const JobMessageSchema = z.discriminatedUnion("type", [
  /** Extract, clean, segment and cut the PDF into chunks, then fan the chunks out. */
  z.object({ type: z.literal("job.prepare"), jobId: z.string() }),
  /** Turn one chunk of source sentences into learner-sized sentences. */
  z.object({ type: z.literal("job.chunk"), jobId: z.string(), chunk: z.number().int().nonnegative() }),
]);

export type JobMessage = z.infer<typeof JobMessageSchema>;

/**
 * Deliveries of one message before it goes to the dead-letter queue: 1 + `max_retries` of the job queue's
 * consumer in wrangler.jsonc. On the last one a failure is recorded instead of retried.
 */
export const JOB_MAX_DELIVERIES = 6;
