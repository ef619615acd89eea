import { describeError, log } from "./logger";

/**
 * Sends the queue message of a row already written, whose loss the cron repairs (it sends the message of a
 * neglected row again). A failed send is logged and the request still succeeds: answering 500 for work that will
 * run anyway would make a retry start it a second time.
 */
export async function sendCoveredByCron(
  send: () => Promise<void>,
  what: string,
  fields: Record<string, unknown>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    log("error", `${what} could not be queued; the cron sends it again`, {
      ...fields,
      ...describeError(error),
    });
  }
}
