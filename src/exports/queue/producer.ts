import type { ExportMessage } from "./messages";

/** Queues an export's work, now or after `delaySeconds` (a wait for another writer, a redrive). */
export async function enqueueExport(
  env: Pick<Env, "EXPORT_QUEUE">,
  exportId: string,
  delaySeconds = 0,
): Promise<void> {
  const message: ExportMessage = { type: "export.run", exportId };
  await env.EXPORT_QUEUE.send(message, {
    contentType: "json",
    ...(delaySeconds > 0 ? { delaySeconds } : {}),
  });
}
