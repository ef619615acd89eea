import { and, eq, gt, lt } from "drizzle-orm";
import { randomToken, sha256 } from "../auth/encoding";
import type { Database } from "../db/client";
import { eventTickets } from "../db/schema";

/** How long a ticket stays redeemable: enough to hand a URL to `EventSource`, too short to be worth stealing. */
export const EVENT_TICKET_TTL_MS = 60_000;

/** Who asked for a ticket, and for which job. */
export interface TicketHolder {
  userId: string;
  sessionId: string | null;
}

/** Issues a single-use ticket for one job's event stream; only its hash is stored. */
export async function issueEventTicket(
  db: Database,
  jobId: string,
  holder: TicketHolder,
  now = Date.now(),
): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = randomToken();
  const expiresAt = new Date(now + EVENT_TICKET_TTL_MS);
  await db.insert(eventTickets).values({
    ticketHash: await sha256(ticket),
    jobId,
    userId: holder.userId,
    sessionId: holder.sessionId,
    expiresAt,
  });
  return { ticket, expiresAt };
}

/**
 * Redeems a ticket for this job: deletes it and returns who asked for it, or null when it is unknown, spent,
 * expired or for another job. One `DELETE … RETURNING` statement, so of two concurrent uses only one gets a row.
 */
export async function redeemEventTicket(
  db: Database,
  ticket: string,
  jobId: string,
  now = Date.now(),
): Promise<TicketHolder | null> {
  const [redeemed] = await db
    .delete(eventTickets)
    .where(
      and(
        eq(eventTickets.ticketHash, await sha256(ticket)),
        eq(eventTickets.jobId, jobId),
        gt(eventTickets.expiresAt, new Date(now)),
      ),
    )
    .returning({ userId: eventTickets.userId, sessionId: eventTickets.sessionId });
  return redeemed ?? null;
}

/** Deletes tickets that expired unused (the scheduled handler). */
export async function purgeExpiredEventTickets(db: Database, now: Date): Promise<void> {
  await db.delete(eventTickets).where(lt(eventTickets.expiresAt, now));
}
