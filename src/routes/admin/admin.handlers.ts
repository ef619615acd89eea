import { auditCursor, listAudit } from "../../admin/audit";
import { adminJobCursor, findAnyJob, listAdminJobs } from "../../admin/jobs";
import { adminStats } from "../../admin/stats";
import { changeRole, findUser, grantUserPages, listUsers as queryUsers, setActive } from "../../admin/users";
import { resumeJob } from "../../jobs/job-control";
import { jobView } from "../../jobs/job-view";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./admin.routes";

type Handler<R extends keyof typeof routes> = AppRouteHandler<(typeof routes)[R], AuthEnv>;

/** `GET /admin/users`: a page of users, filtered and searched. */
export const listUsers: Handler<"listUsers"> = async (c) => {
  const { q, role, active, cursor, limit } = c.req.valid("query");
  const query = {
    q,
    role,
    active: active === undefined ? undefined : active === "true",
    after: cursor,
    limit,
  };
  return c.json(await queryUsers(c.var.db, query, Date.now()), 200);
};

/** `GET /admin/users/{id}`. */
export const getUser: Handler<"getUser"> = async (c) =>
  c.json(await findUser(c.var.db, c.req.valid("param").id, Date.now()), 200);

/** `PUT /admin/users/{id}/role`. */
export const setRole: Handler<"setRole"> = async (c) => {
  const { id } = c.req.valid("param");
  const { role } = c.req.valid("json");
  return c.json(await changeRole(c.var.db, c.var.principal.userId, id, role, Date.now()), 200);
};

/** `POST /admin/users/{id}/deactivate`. */
export const deactivate: Handler<"deactivate"> = async (c) =>
  c.json(await setActive(c.var.db, c.var.principal.userId, c.req.valid("param").id, false, Date.now()), 200);

/** `POST /admin/users/{id}/reactivate`. */
export const reactivate: Handler<"reactivate"> = async (c) =>
  c.json(await setActive(c.var.db, c.var.principal.userId, c.req.valid("param").id, true, Date.now()), 200);

/** `POST /admin/users/{id}/grants`. */
export const grant: Handler<"grant"> = async (c) => {
  const { pages, note } = c.req.valid("json");
  const input = {
    actorId: c.var.principal.userId,
    userId: c.req.valid("param").id,
    pages,
    note: note ?? null,
  };
  return c.json(await grantUserPages(c.var.db, input, Date.now()), 201);
};

/** `GET /admin/jobs`. */
export const listJobs: Handler<"listJobs"> = async (c) => {
  const { status, error_code, cursor, limit } = c.req.valid("query");
  const query = {
    status,
    errorCode: error_code,
    before: cursor ? adminJobCursor.decode(cursor) : null,
    limit,
  };
  return c.json(await listAdminJobs(c.var.db, query, c.var.config.JOB_STALL_SECONDS, Date.now()), 200);
};

/** `POST /admin/jobs/{id}/retry`: the owner's retry, for any user's job (its pages are charged to its owner). */
export const retryJob: Handler<"retryJob"> = async (c) => {
  const job = await findAnyJob(c.var.db, c.req.valid("param").id);
  return c.json(jobView(job, await resumeJob(c.env, job)), 202);
};

/** `GET /admin/audit`. */
export const audit: Handler<"audit"> = async (c) => {
  const { actor_id, cursor, limit } = c.req.valid("query");
  return c.json(
    await listAudit(c.var.db, {
      limit,
      before: cursor ? auditCursor.decode(cursor) : null,
      actorId: actor_id,
    }),
    200,
  );
};

/** `GET /admin/stats`. */
export const stats: Handler<"stats"> = async (c) =>
  c.json(await adminStats(c.var.db, Date.now(), c.req.valid("query").days), 200);
