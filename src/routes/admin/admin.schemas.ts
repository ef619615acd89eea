import { z } from "@hono/zod-openapi";
import { JOB_STATUSES, ROLE_SOURCES, USER_ROLES } from "../../db/schema";

const cursor = z
  .string()
  .max(200)
  .optional()
  .openapi({ description: "Opaque cursor from the previous page's `next_cursor`" });
const limit = z.coerce.number().int().min(1).max(100).default(50);
const time = () => z.string().openapi({ format: "date-time" });

export const AdminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(USER_ROLES),
    role_source: z.enum(ROLE_SOURCES).openapi({
      description: "Who set the role: `admin_emails` roles follow ADMIN_EMAILS at each sign-in",
    }),
    is_active: z.boolean(),
    created_at: time(),
    last_login_at: time().nullable(),
    pages_this_month: z.number().int(),
    pages_granted_this_month: z.number().int(),
  })
  .openapi("AdminUser");

export const UserListQuery = z.object({
  q: z.string().trim().min(1).max(200).optional().openapi({ description: "Part of the email or name" }),
  role: z.enum(USER_ROLES).optional(),
  active: z.enum(["true", "false"]).optional(),
  cursor,
  limit,
});

export const UserPageSchema = z
  .object({ items: z.array(AdminUserSchema), next_cursor: z.string().nullable() })
  .openapi("AdminUserPage");

export const RoleBodySchema = z.object({ role: z.enum(USER_ROLES) }).openapi("AdminRoleChange");

export const GrantBodySchema = z
  .object({
    pages: z.number().int().min(1).max(1_000_000),
    note: z.string().trim().max(500).optional(),
  })
  .openapi("AdminPageGrant");

export const ActivationSchema = z
  .object({ user: AdminUserSchema, sessions_revoked: z.number().int() })
  .openapi("AdminActivation");

export const JobListQuery = z.object({
  status: z
    .enum([...JOB_STATUSES, "stalled"])
    .optional()
    .openapi({ description: "`stalled`: pending or processing with no progress for JOB_STALL_SECONDS" }),
  error_code: z.string().max(64).optional(),
  cursor,
  limit,
});

export const AdminJobSchema = z
  .object({
    id: z.string(),
    user_id: z.string(),
    user_email: z.string(),
    status: z.enum(JOB_STATUSES),
    engine: z.string(),
    model: z.string().nullable(),
    page_count: z.number().int().nullable(),
    chunks_total: z.number().int(),
    chunks_done: z.number().int(),
    error_code: z.string().nullable(),
    failed_step: z.string().nullable(),
    created_at: time(),
    updated_at: time(),
  })
  .openapi("AdminJob");

export const JobPageSchema = z
  .object({ items: z.array(AdminJobSchema), next_cursor: z.string().nullable() })
  .openapi("AdminJobPage");

export const AuditQuery = z.object({ actor_id: z.string().max(64).optional(), cursor, limit });

export const AuditPageSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        actor_id: z.string().nullable(),
        actor_email: z.string(),
        action: z.string().openapi({ example: "users.grant" }),
        method: z.string(),
        route: z.string().openapi({ example: "/api/v1/admin/users/:id/grants" }),
        target_id: z.string().nullable(),
        status: z.number().int(),
        details: z.record(z.string(), z.unknown()).nullable(),
        request_id: z.string().nullable(),
        created_at: time(),
      }),
    ),
    next_cursor: z.string().nullable(),
  })
  .openapi("AuditPage");

export const StatsQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30) });

const perDay = <T extends z.ZodRawShape>(shape: T) => z.array(z.object({ day: z.string(), ...shape }));

export const StatsSchema = z
  .object({
    from: time(),
    days: z.number().int(),
    jobs_per_day: perDay({ status: z.enum(JOB_STATUSES), jobs: z.number().int() }),
    duration_per_100_pages: z.object({
      jobs: z.number().int(),
      p50_ms: z.number().int().nullable(),
      p95_ms: z.number().int().nullable(),
    }),
    failures: z.object({
      ended_jobs: z.number().int(),
      by_code: z.array(z.object({ error_code: z.string(), jobs: z.number().int(), rate: z.number() })),
    }),
    gemini_per_day: perDay({
      input_tokens: z.number().int(),
      output_tokens: z.number().int(),
      calls: z.number().int(),
    }),
    top_users: z.object({
      period: z.string(),
      users: z.array(
        z.object({ user_id: z.string(), email: z.string(), role: z.string(), pages: z.number().int() }),
      ),
    }),
  })
  .openapi("AdminStats");
