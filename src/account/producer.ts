import type { AccountMessage } from "./messages";

/** The one module that sends ACCOUNT_QUEUE messages; `delaySeconds` defers the delivery (at most 12 hours). */
export async function sendAccountMessage(
  env: Pick<Env, "ACCOUNT_QUEUE">,
  message: AccountMessage,
  delaySeconds = 0,
): Promise<void> {
  await env.ACCOUNT_QUEUE.send(message, {
    contentType: "json",
    ...(delaySeconds > 0 ? { delaySeconds: Math.min(delaySeconds, 12 * 60 * 60) } : {}),
  });
}
