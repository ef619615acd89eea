import { eq } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { recordAudit } from "../admin/audit";
import { users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { describeError, log } from "../lib/logger";
import type { AuthEnv } from "./app-env";
import { assertScopes, requireAuth, requireRole } from "./auth";

/** What the audit row keeps of a call: its query, or its JSON body (admin bodies hold no secrets). */
async function callDetails(c: Context<AuthEnv>) {
  if (c.req.method === "GET") {
    const query = c.req.query();
    return Object.keys(query).length > 0 ? { query } : null;
  }
  if (!c.req.header("content-type")?.includes("json")) return null;
  const body: unknown = await c.req.json().catch(() => null);
  return body && typeof body === "object" ? { body: body as Record<string, unknown> } : null;
}

/**
 * Writes one audit row for the call once it is answered, refusals included (a signed-in non-admin's 403 is
 * recorded too). The row is written before the answer leaves; a failure to write it is logged as an error.
 */
function auditCall(action: string) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } catch (error) {
      status = error instanceof ApiError ? error.status : 500;
      throw error;
    } finally {
      // Nothing here may turn the answer into a 500: the call's own write (a page grant) is already done.
      await writeAuditRow(c, action, status).catch((error: unknown) =>
        log("error", "audit row not written", { action, ...describeError(error) }),
      );
    }
  });
}

/** The audit row of an answered admin call, with the admin's email at the time. */
async function writeAuditRow(c: Context<AuthEnv>, action: string, status: number): Promise<void> {
  const { principal, db } = c.var;
  const actor = await db.query.users.findFirst({
    columns: { email: true },
    where: eq(users.id, principal.userId),
  });
  await recordAudit(db, {
    actorId: principal.userId,
    actorEmail: actor?.email ?? "(deleted)",
    action,
    method: c.req.method,
    route: c.req.routePath,
    targetId: c.req.param("id") ?? null,
    status,
    details: await callDetails(c),
    requestId: c.var.requestId,
  });
}

type AdminMiddleware = MiddlewareHandler<AuthEnv>;

const onlyAdmins = requireRole("admin");

/** Only an admin's session, or an API key with the `admin` scope whose owner is an admin. */
const requireAdmin = createMiddleware<AuthEnv>((c, next) =>
  onlyAdmins(c, async () => {
    assertScopes(c.var.principal, ["admin"]);
    await next();
  }),
);

/** The middlewares of an admin route: authenticate, audit the call as `action`, allow only admins. */
export function adminOnly(action: string) {
  // A mutable tuple: the route types infer the handler's environment from it, and not from a readonly one.
  const chain: [AdminMiddleware, AdminMiddleware, AdminMiddleware] = [
    requireAuth(),
    auditCall(action),
    requireAdmin,
  ];
  return chain;
}
