import type { Config } from "../../config";
import { createDb } from "../../db/client";
import { backoffCurve } from "../../lib/backoff";
import { describeError, log } from "../../lib/logger";
import { reportError } from "../../lib/sentry";
import { toExportFailure } from "../export-failure";
import { finishExport } from "../export-outcome";
import { recordProgress } from "../export-store";
import { runExport } from "../run-export";
import { EXPORT_MAX_DELIVERIES, type ExportMessage, ExportMessageSchema } from "./messages";
import { enqueueExport } from "./producer";

/** A failed delivery waits about 5·2^(attempt−1) seconds (half of it at least), at most 5 minutes. */
const backoffSeconds = backoffCurve({ firstSeconds: 5, maxSeconds: 300, jitter: [0.5, 1] });

/** How long an export waits for another export writing to the same spreadsheet before it looks again. */
const WAIT_FOR_WRITER_SECONDS = 15;

/** Consumes the export queue: each export runs, and is then acked, retried with backoff, or failed for good. */
export async function consumeExportBatch(
  batch: MessageBatch<unknown>,
  env: Env,
  config: Config,
): Promise<void> {
  // One export at a time: each is long and paced by Google's per-user write quota.
  for (const message of batch.messages) await handleMessage(message, env, config);
}

async function handleMessage(message: Message<unknown>, env: Env, config: Config) {
  const parsed = ExportMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    log("warn", "dropping malformed export message", { message_id: message.id });
    message.ack();
    return;
  }
  const { exportId } = parsed.data;
  try {
    if ((await runExport(env, config, exportId)) === "waiting") {
      // Another export is writing to this spreadsheet: look again later, as a fresh message.
      await recordProgress(createDb(env.DB), exportId, {});
      await enqueueExport(env, exportId, WAIT_FOR_WRITER_SECONDS);
    }
    message.ack();
  } catch (error) {
    try {
      await onFailure(message, parsed.data, error, env);
    } catch (failure) {
      log("error", "could not record an export failure; retrying the message", {
        export_id: exportId,
        ...describeError(failure),
      });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

async function onFailure(message: Message<unknown>, body: ExportMessage, error: unknown, env: Env) {
  const failure = toExportFailure(error);
  const unexpected = failure.code === "INTERNAL_ERROR" && failure.retryable;
  const fields = {
    export_id: body.exportId,
    attempts: message.attempts,
    error_code: failure.code,
    ...(unexpected ? describeError(error) : { error_message: failure.message }),
  };
  if (failure.retryable && message.attempts < EXPORT_MAX_DELIVERIES) {
    log("warn", "export delivery failed; retrying", fields);
    // The wait counts as progress: the housekeeping redrives only exports nobody is looking after.
    await recordProgress(createDb(env.DB), body.exportId, {});
    message.retry({ delaySeconds: failure.retryAfterSeconds ?? backoffSeconds(message.attempts) });
    return;
  }
  log(unexpected ? "error" : "warn", "export failed", fields);
  if (unexpected) reportError(error, { tags: { export_id: body.exportId, queue_message_id: message.id } });
  await finishExport(env, createDb(env.DB), body.exportId, {
    status: "failed",
    errorCode: failure.code,
    errorMessage: unexpected
      ? `The export kept failing after ${message.attempts} attempts.`
      : failure.message,
  });
  message.ack();
}
