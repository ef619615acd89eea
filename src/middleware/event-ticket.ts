import { eq } from "drizzle-orm";
import type { Principal } from "../auth/principal";
import { findActiveSession } from "../auth/sessions";
import { assertActive } from "../auth/users";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import { redeemEventTicket, type TicketHolder } from "../jobs/event-tickets";
import { ApiError } from "../lib/errors";
import { authenticateWith, bearerPrincipal, type RequireAuthOptions } from "./auth";

/** A ticket opens one stream of one job: it grants reading that job and nothing else. */
const TICKET_SCOPES = ["jobs:read"] as const;

/**
 * Authenticates a job's event stream by `?ticket=` (from `POST /jobs/{id}/events/ticket`, what a browser's
 * EventSource can send) or, without one, by the Authorization header like every other route. The ticket is
 * spent by this request whatever follows; the request log records the path only, never the query string.
 * Either way the stream counts once, against its user's requests per minute.
 */
export function requireTicketOrAuth(options: RequireAuthOptions = {}) {
  return authenticateWith(async (c) => {
    const ticket = c.req.query("ticket");
    if (ticket === undefined) return bearerPrincipal(c, options);
    const holder = await redeemEventTicket(c.var.db, ticket, c.req.param("id") ?? "");
    const principal = holder ? await ticketPrincipal(c.var.db, holder) : null;
    if (!principal) {
      throw new ApiError("UNAUTHENTICATED", {
        detail: "This stream ticket is unknown, expired, already used or for another job; ask for a new one.",
      });
    }
    return principal;
  });
}

/** The caller a ticket stands for, while its session (if it came from one) and its account are still active. */
async function ticketPrincipal(db: Database, holder: TicketHolder): Promise<Principal | null> {
  if (holder.sessionId) {
    const found = await findActiveSession(db, holder.sessionId);
    if (!found || found.user.id !== holder.userId) return null;
    assertActive(found.user);
    const { id, role } = found.user;
    return { userId: id, role, kind: "session", scopes: TICKET_SCOPES, sessionId: holder.sessionId };
  }
  const user = await db.query.users.findFirst({ where: eq(users.id, holder.userId) });
  if (!user) return null;
  assertActive(user);
  return { userId: user.id, role: user.role, kind: "api_key", scopes: TICKET_SCOPES };
}
