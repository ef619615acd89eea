import { createDb } from "../../db/client";
import { log } from "../../lib/logger";
import { finishExport } from "../export-outcome";
import { ExportMessageSchema } from "./messages";

/**
 * Consumes the export dead-letter queue: messages that exhausted their deliveries without an outcome recorded
 * (the consumer crashed or ran out of time). Their export fails, so nothing stays `running` forever.
 */
export async function consumeExportDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  for (const message of batch.messages) {
    const parsed = ExportMessageSchema.safeParse(message.body);
    if (parsed.success) {
      log("error", "export message dead-lettered", { export_id: parsed.data.exportId });
      await finishExport(env, db, parsed.data.exportId, {
        status: "failed",
        errorCode: "INTERNAL_ERROR",
        errorMessage: "The export kept failing and was stopped. Export again to try again.",
      });
    }
    message.ack();
  }
}
