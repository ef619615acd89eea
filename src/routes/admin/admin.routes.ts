import { createRoute } from "@hono/zod-openapi";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { adminOnly } from "../../middleware/admin";
import { IdParamSchema } from "../auth/auth.schemas";
import { JobIdParams, JobSchema } from "../jobs/jobs.schemas";
import * as schemas from "./admin.schemas";

const json = <T>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

/** What every admin route shares: admins only (403 for anyone else), each call audited as `action`. */
const adminOnlyAs = (action: string) => ({
  tags: ["Admin"],
  security: [{ bearerAuth: [] }],
  middleware: adminOnly(action),
});

export const listUsers = createRoute({
  ...adminOnlyAs("users.list"),
  operationId: "adminListUsers",
  method: "get",
  path: "/admin/users",
  summary: "List and search users, with their pages this month",
  request: { query: schemas.UserListQuery },
  responses: {
    200: json("A page of users", schemas.UserPageSchema),
    ...problemResponses(...AUTH_ERRORS, "VALIDATION_FAILED"),
  },
});

export const getUser = createRoute({
  ...adminOnlyAs("users.read"),
  operationId: "adminGetUser",
  method: "get",
  path: "/admin/users/{id}",
  summary: "One user",
  request: { params: IdParamSchema },
  responses: {
    200: json("The user", schemas.AdminUserSchema),
    ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "VALIDATION_FAILED"),
  },
});

export const setRole = createRoute({
  ...adminOnlyAs("users.role"),
  operationId: "adminSetRole",
  method: "put",
  path: "/admin/users/{id}/role",
  summary: "Change a user's role (and so plan); kept at later sign-ins",
  request: {
    params: IdParamSchema,
    body: { required: true, content: { "application/json": { schema: schemas.RoleBodySchema } } },
  },
  responses: {
    200: json("The user", schemas.AdminUserSchema),
    ...problemResponses(...AUTH_ERRORS, ...JSON_BODY_ERRORS, "NOT_FOUND", "CONFLICT"),
  },
});

const activation = (active: boolean) =>
  createRoute({
    ...adminOnlyAs(active ? "users.reactivate" : "users.deactivate"),
    operationId: active ? "adminReactivateUser" : "adminDeactivateUser",
    method: "post",
    path: `/admin/users/{id}/${active ? "reactivate" : "deactivate"}`,
    summary: active
      ? "Reactivate an account (the user signs in again)"
      : "Deactivate an account: every session revoked at once, API keys refused",
    request: { params: IdParamSchema },
    responses: {
      200: json("The user", schemas.ActivationSchema),
      ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "CONFLICT", "VALIDATION_FAILED"),
    },
  });

export const deactivate = activation(false);
export const reactivate = activation(true);

export const grant = createRoute({
  ...adminOnlyAs("users.grant"),
  operationId: "adminGrantPages",
  method: "post",
  path: "/admin/users/{id}/grants",
  summary: "Grant extra pages for this month (written to the usage ledger)",
  request: {
    params: IdParamSchema,
    body: { required: true, content: { "application/json": { schema: schemas.GrantBodySchema } } },
  },
  responses: {
    201: json("The user, with the grant counted", schemas.AdminUserSchema),
    ...problemResponses(...AUTH_ERRORS, ...JSON_BODY_ERRORS, "NOT_FOUND"),
  },
});

export const listJobs = createRoute({
  ...adminOnlyAs("jobs.list"),
  operationId: "adminListJobs",
  method: "get",
  path: "/admin/jobs",
  summary: "Jobs across users by status (or stalled), most recently changed first, with error codes",
  request: { query: schemas.JobListQuery },
  responses: {
    200: json("A page of jobs", schemas.JobPageSchema),
    ...problemResponses(...AUTH_ERRORS, "VALIDATION_FAILED"),
  },
});

export const retryJob = createRoute({
  ...adminOnlyAs("jobs.retry"),
  operationId: "adminRetryJob",
  method: "post",
  path: "/admin/jobs/{id}/retry",
  summary: "Retry any user's failed or cancelled job",
  request: { params: JobIdParams },
  responses: {
    202: json("The job, queued again", JobSchema),
    ...problemResponses(...AUTH_ERRORS, "NOT_FOUND", "CONFLICT", "VALIDATION_FAILED"),
  },
});

export const audit = createRoute({
  ...adminOnlyAs("audit.list"),
  operationId: "adminAuditLog",
  method: "get",
  path: "/admin/audit",
  summary: "The audit log of admin calls, newest first",
  request: { query: schemas.AuditQuery },
  responses: {
    200: json("A page of the audit log", schemas.AuditPageSchema),
    ...problemResponses(...AUTH_ERRORS, "VALIDATION_FAILED"),
  },
});

export const stats = createRoute({
  ...adminOnlyAs("stats.read"),
  operationId: "adminStats",
  method: "get",
  path: "/admin/stats",
  summary: "Jobs per day, duration per 100 pages, failures by code, Gemini tokens per day, top users",
  request: { query: schemas.StatsQuery },
  responses: {
    200: json("The numbers", schemas.StatsSchema),
    ...problemResponses(...AUTH_ERRORS, "VALIDATION_FAILED"),
  },
});
