import { z } from "zod";

/**
 * The webhook queue's messages: a discriminated union on `type`, carrying ids only (the signed body is in
 * the delivery row). `series` ties a message to one series of attempts, so a redelivery drops messages of
 * the series it replaced; `attemptsBefore` is how many attempts that series had made when the message was
 * sent (0, or more when the cron resumes a delivery whose message was lost), so the attempt a message
 * delivery stands for is `attemptsBefore + message.attempts`.
 */
export const DeliveryMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("webhook.deliver"),
    deliveryId: z.string(),
    series: z.number().int().positive(),
    attemptsBefore: z.number().int().nonnegative(),
  }),
]);

export type DeliveryMessage = z.infer<typeof DeliveryMessageSchema>;
