import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../../lib/problem-responses";

const CheckSchema = z.object({
  status: z.enum(["ok", "down"]),
  latency_ms: z.number(),
  error: z.string().optional(),
});

export const LivenessSchema = z
  .object({
    status: z.literal("ok"),
    service: z.string(),
    version: z.string(),
    commit: z.string(),
    environment: z.string(),
  })
  .openapi("Liveness");

export const ReadinessSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.object({
      d1: CheckSchema,
      r2: CheckSchema,
      kv: CheckSchema,
      job_tracker: CheckSchema,
      queues: CheckSchema,
    }),
  })
  .openapi("Readiness");

export const liveness = createRoute({
  operationId: "getHealth",
  method: "get",
  path: "/health",
  tags: ["Health"],
  summary: "Liveness: the worker answers (no dependency is touched)",
  responses: {
    200: { description: "Alive", content: { "application/json": { schema: LivenessSchema } } },
    ...problemResponses(),
  },
});

export const readiness = createRoute({
  operationId: "getReadiness",
  method: "get",
  path: "/health/ready",
  tags: ["Health"],
  summary: "Readiness: D1, R2, KV, the job tracker and the queues each answer",
  responses: {
    200: {
      description: "Every dependency answers",
      content: { "application/json": { schema: ReadinessSchema } },
    },
    503: {
      description: "At least one dependency is down (or the configuration is invalid)",
      content: { "application/json": { schema: ReadinessSchema } },
    },
    // Its 503 is the readiness report itself; only a bug answers a problem.
    500: problemResponses()[500],
  },
});
