/**
 * Every message our queues carry: a discriminated union on `type`. Bodies stay small (ids and R2 keys);
 * text travels through R2, never through a message.
 */
export type JobQueueMessage = never;

export type WebhookQueueMessage = never;

export type QueueMessage = JobQueueMessage | WebhookQueueMessage;
