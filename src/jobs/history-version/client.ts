import { describeError, log } from "../../lib/logger";
import type { HistoryVersionTag } from "./history-version";

type VersionEnv = Pick<Env, "HISTORY_VERSION">;

/** The HistoryVersion Durable Object of a user (one per user id). */
function versionOf(env: VersionEnv, userId: string) {
  return env.HISTORY_VERSION.get(env.HISTORY_VERSION.idFromName(userId));
}

/** The user's current history version, or null (logged) when it cannot be read: then no tag is given. */
export async function historyVersion(env: VersionEnv, userId: string): Promise<HistoryVersionTag | null> {
  try {
    return await versionOf(env, userId).current();
  } catch (error) {
    log("warn", "history version unavailable; answering without an ETag", describeError(error));
    return null;
  }
}

/**
 * Counts a change to the user's history; call it after the D1 write has committed. A failure never fails the
 * caller (an upload, a job's transition, the cron): it is logged, and the epoch renewal (EPOCH_LIFETIME_MS)
 * bounds how long a client can keep the list it had.
 */
export async function bumpHistoryVersion(env: VersionEnv, userId: string): Promise<void> {
  try {
    await versionOf(env, userId).bump();
  } catch (error) {
    log("warn", "history version bump failed; tags renew with the next epoch", describeError(error));
  }
}
