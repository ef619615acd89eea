import { log } from "../../lib/logger";
import { JobMessageSchema } from "./messages";
import { recordFailure } from "./record-failure";

/**
 * Consumes the job dead-letter queue: messages that exhausted their retries without being recorded (the
 * consumer crashed or ran out of time). Their chunk or job is failed so nothing stays `processing` forever.
 */
export async function consumeJobDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  for (const message of batch.messages) {
    const parsed = JobMessageSchema.safeParse(message.body);
    if (parsed.success) {
      log("error", "job message dead-lettered", { job_id: parsed.data.jobId, type: parsed.data.type });
      await recordFailure(env, parsed.data, {
        error_code: parsed.data.type === "job.chunk" ? "CHUNK_FAILED" : "INTERNAL_ERROR",
        message: "Processing kept failing and was stopped. Retry the job to try again.",
        failed_step: parsed.data.type === "job.prepare" ? "extract" : "process",
      });
    }
    message.ack();
  }
}
