import { eq } from "drizzle-orm";
import type { Config } from "../../config";
import type { Database } from "../../db/client";
import { type AccountDeletion, accountDeletions, users } from "../../db/schema";
import { sendCoveredByCron } from "../../lib/cron-covered-send";
import { ApiError } from "../../lib/errors";
import { sendAccountMessage } from "../producer";
import { blockAccount, FIRST_STEP } from "./steps";

/**
 * Asks for the erasure of the user's account, confirmed by their email address (422 otherwise). The account
 * is blocked at once — signed out everywhere, its keys revoked, sign-in refused — and the erasure itself runs
 * from a queue message once every isolate's session cache has expired. Asking again is a no-op.
 */
export async function requestAccountDeletion(
  env: Pick<Env, "ACCOUNT_QUEUE">,
  db: Database,
  config: Pick<Config, "SESSION_CACHE_SECONDS">,
  userId: string,
  confirm: string,
  now = Date.now(),
): Promise<AccountDeletion> {
  const existing = await db.query.accountDeletions.findFirst({ where: eq(accountDeletions.userId, userId) });
  if (existing) return existing;
  const user = await db.query.users.findFirst({ where: eq(users.id, userId), columns: { email: true } });
  if (!user || confirm.trim().toLowerCase() !== user.email.toLowerCase()) {
    throw new ApiError("CONFIRMATION_MISMATCH", {
      detail: "Type the email address of your account in `confirm` to delete it.",
      fields: [{ path: "confirm", message: "Does not match the account's email address.", code: "mismatch" }],
    });
  }
  const cacheSeconds = config.SESSION_CACHE_SECONDS;
  const [row] = await db
    .insert(accountDeletions)
    .values({ userId, step: FIRST_STEP, eraseAfter: new Date(now + cacheSeconds * 1000) })
    .onConflictDoNothing()
    .returning();
  if (!row) return requestAccountDeletion(env, db, config, userId, confirm, now);
  await blockAccount(db, userId);
  // The account is blocked and the row pending whether the message goes now or with the cron.
  await sendCoveredByCron(
    () => sendAccountMessage(env, { type: "account.delete", userId }, cacheSeconds),
    "account deletion",
    { user_id: userId },
  );
  return row;
}

/** The wire view of a deletion request. */
export function deletionView(row: AccountDeletion) {
  return {
    status: row.status,
    requested_at: row.requestedAt.toISOString(),
    completed_at: row.completedAt?.toISOString() ?? null,
  };
}
