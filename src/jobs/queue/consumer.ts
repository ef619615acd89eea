import type { Config } from "../../config";
import { backoffCurve } from "../../lib/backoff";
import { JobError } from "../../lib/job-error";
import { describeError, log } from "../../lib/logger";
import { reportError } from "../../lib/sentry";
import { prepareJob } from "../steps/prepare-job";
import { processChunk } from "../steps/process-chunk";
import { JOB_MAX_DELIVERIES, type JobMessage, JobMessageSchema } from "./messages";
import { enqueueAgain } from "./producer";
import { recordFailedAttempt, recordFailure } from "./record-failure";

/** A failed step waits 2^attempts seconds at most (half of it at least), capped at 15 minutes. */
const backoffSeconds = backoffCurve({ firstSeconds: 2, maxSeconds: 15 * 60, jitter: [0.5, 1] });

/** Consumes the job queue: each message is acked, retried with backoff, or recorded as failed. */
export async function consumeJobBatch(batch: MessageBatch<unknown>, env: Env, config: Config) {
  await Promise.all(batch.messages.map((message) => handleMessage(message, env, config)));
}

async function handleMessage(message: Message<unknown>, env: Env, config: Config) {
  const parsed = JobMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    log("warn", "dropping malformed job message", { message_id: message.id });
    message.ack();
    return;
  }
  const body = parsed.data;
  try {
    if (body.type === "job.prepare") await prepareJob(env, config, body.jobId);
    else await processChunk(env, config, body.jobId, body.chunk);
    message.ack();
  } catch (error) {
    try {
      await onFailure(message, body, error, env);
    } catch (failure) {
      // Recording the failure failed too (tracker or queue unreachable): only this message is retried.
      log("error", "could not record a job step failure; retrying the message", {
        job_id: body.jobId,
        ...describeError(failure),
      });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

async function onFailure(message: Message<unknown>, body: JobMessage, error: unknown, env: Env) {
  const jobError = error instanceof JobError ? error : null;
  // An expected failure (a JobError) is logged by its code; only the unexpected carry a stack.
  const fields = {
    job_id: body.jobId,
    type: body.type,
    attempts: message.attempts,
    ...(jobError ? { error_code: jobError.code, error_message: jobError.message } : describeError(error)),
  };
  if (jobError?.deferred) {
    // Refused by a rate gate before any work: a fresh message keeps the retry budget for real failures.
    await enqueueAgain(env, body, jobError.retryAfterSeconds ?? 5);
    message.ack();
    return;
  }
  const final = (jobError !== null && !jobError.retryable) || message.attempts >= JOB_MAX_DELIVERIES;
  if (!final) {
    log("warn", "job step failed; retrying", fields);
    if (body.type === "job.chunk") await recordFailedAttempt(env, body, jobError);
    message.retry({ delaySeconds: jobError?.retryAfterSeconds ?? backoffSeconds(message.attempts) });
    return;
  }
  log(jobError ? "warn" : "error", "job step failed for good", fields);
  const state = await recordFailure(env, body, {
    error_code: jobError?.code ?? (body.type === "job.chunk" ? "CHUNK_FAILED" : "INTERNAL_ERROR"),
    message: jobError?.message ?? `Processing failed after ${message.attempts} attempts.`,
    failed_step: body.type === "job.prepare" ? "extract" : "process",
  });
  if (!jobError) {
    reportError(error, {
      userId: state.userId,
      tags: { job_id: body.jobId, step: body.type, queue_message_id: message.id },
    });
  }
  message.ack();
}
