import type { Config } from "../config";
import { backoffCurve } from "../lib/backoff";
import { describeError, log } from "../lib/logger";
import { runDeletion } from "./deletion/run-deletion";
import { markExportFailed } from "./export/exports";
import { runExport } from "./export/run-export";
import { ACCOUNT_MAX_DELIVERIES, type AccountMessage, AccountMessageSchema } from "./messages";

/** A failed export or deletion run waits about 30 s, doubling, at most 30 minutes. */
const backoffSeconds = backoffCurve({ firstSeconds: 30, maxSeconds: 30 * 60, jitter: [0.5, 1] });

const subject = (body: AccountMessage) =>
  body.type === "account.export" ? { export_id: body.exportId } : { user_id: body.userId };

/** Consumes ACCOUNT_QUEUE: builds export ZIPs and runs account deletions, retrying failures with backoff. */
export async function consumeAccountBatch(batch: MessageBatch<unknown>, env: Env, config: Config) {
  for (const message of batch.messages) {
    const parsed = AccountMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log("warn", "dropping malformed account message", { message_id: message.id });
      message.ack();
      continue;
    }
    const body = parsed.data;
    const finalAttempt = message.attempts >= ACCOUNT_MAX_DELIVERIES;
    try {
      if (body.type === "account.export") await runExport(env, config, body.exportId, finalAttempt);
      else await runDeletion(env, config, body.userId, finalAttempt);
      message.ack();
    } catch (error) {
      log(finalAttempt ? "error" : "warn", "account message failed", {
        type: body.type,
        ...subject(body),
        attempts: message.attempts,
        ...describeError(error),
      });
      if (finalAttempt) message.ack();
      else message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

/**
 * Consumes the account dead-letter queue (a run that crashed or timed out on every delivery): an export is
 * failed so its owner can ask again; a deletion stays recorded and the cron re-drives it.
 */
export async function consumeAccountDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  for (const message of batch.messages) {
    const parsed = AccountMessageSchema.safeParse(message.body);
    if (parsed.success) {
      log("error", "account message dead-lettered", { type: parsed.data.type, ...subject(parsed.data) });
      if (parsed.data.type === "account.export") await markExportFailed(env, parsed.data.exportId);
    }
    message.ack();
  }
}
