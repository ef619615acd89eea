import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { requireTicketOrAuth } from "../../middleware/event-ticket";
import { JOB_STATUS_EXAMPLE } from "../examples";
import { JOB_READ_ERRORS, JobEventSchema, JobIdParams } from "./jobs.schemas";

const read = requireAuth({ scopes: ["jobs:read"] });
/** Either scheme opens the stream (typed, so TypeScript does not widen the two objects into a union). */
const streamSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { eventTicket: [] }];

const EventsQuery = z.object({
  ticket: z.string().min(1).max(128).optional().openapi({
    description:
      "A single-use ticket from `POST /jobs/{id}/events/ticket`, instead of the Authorization header (for a browser's `EventSource`)",
  }),
});

export const events = createRoute({
  operationId: "getJobEvents",
  method: "get",
  path: "/jobs/{id}/events",
  tags: ["Jobs"],
  summary: "Server-Sent Events: one `status` event per progress change, closed once the job ends",
  description:
    "The stream opens with `retry: 3000`, then sends `event: status` frames whose `data` is a JSON `JobStatusEvent` " +
    "(`{ job_id, status, progress, chunks, sentence_count, redrives, error, updated_at }`; the first one is the " +
    "current state), and a `: keep-alive` comment every 15 s. It closes after the event of a completed, failed or " +
    "cancelled job; when the stream breaks, poll `GET /jobs/{id}`. Authenticate with the Authorization header " +
    "(a fetch-based EventSource client), or — from a browser's `EventSource`, which cannot send headers — with " +
    "`?ticket=` from `POST /jobs/{id}/events/ticket`. A ticket is spent by its first use on its job; an " +
    "unknown, spent or expired ticket, or one for another job, answers 401.",
  security: streamSecurity,
  middleware: [requireTicketOrAuth({ scopes: ["jobs:read"] })] as const,
  request: { params: JobIdParams, query: EventsQuery },
  responses: {
    200: {
      description: "An event stream; each event is described by `JobEvent`",
      content: {
        "text/event-stream": {
          schema: JobEventSchema,
          example: `retry: 3000\n\nevent: status\ndata: ${JSON.stringify(JOB_STATUS_EXAMPLE)}\n\n`,
        },
      },
    },
    ...problemResponses(...JOB_READ_ERRORS, "CONFLICT"),
  },
});

export const EventTicketSchema = z
  .object({
    url: z
      .string()
      .openapi({ format: "uri", description: "The events URL with the ticket: give it to EventSource" }),
    ticket: z.string(),
    expires_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("EventTicket");

export const createEventTicket = createRoute({
  operationId: "createJobEventsTicket",
  method: "post",
  path: "/jobs/{id}/events/ticket",
  tags: ["Jobs"],
  summary:
    "A single-use, 60-second ticket that opens this job's event stream without an Authorization header",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams },
  responses: {
    201: { description: "The ticket", content: { "application/json": { schema: EventTicketSchema } } },
    ...problemResponses(...JOB_READ_ERRORS),
  },
});

export const ChunkDetailSchema = z
  .object({
    index: z.number().int(),
    start_page: z.number().int().nullable(),
    end_page: z.number().int().nullable(),
    status: z.enum(["pending", "done", "failed"]),
    sentence_count: z.number().int().nullable().openapi({ description: "Sentences produced, once done" }),
    attempts: z.number().int().openapi({ description: "Times processing of the chunk started" }),
    last_error_code: z
      .string()
      .nullable()
      .openapi({ description: "Of the final failure, or the latest retried one" }),
    last_error: z.string().nullable(),
    started_at: z
      .string()
      .nullable()
      .openapi({ format: "date-time", description: "Start of the latest attempt" }),
    finished_at: z.string().nullable().openapi({ format: "date-time" }),
    duration_ms: z.number().int().nullable().openapi({ description: "How long the finishing attempt took" }),
  })
  .openapi("ChunkDetail");

export const chunks = createRoute({
  operationId: "getJobChunks",
  method: "get",
  path: "/jobs/{id}/chunks",
  tags: ["Jobs"],
  summary: "Each chunk of a job: page range, state, sentences, attempts, latest error and duration",
  security: [{ bearerAuth: [] }],
  middleware: [read] as const,
  request: { params: JobIdParams },
  responses: {
    200: {
      description: "The chunks, in order (empty until the PDF is cut)",
      content: {
        "application/json": {
          schema: z.object({ job_id: z.string(), chunks: z.array(ChunkDetailSchema) }).openapi("JobChunks"),
        },
      },
    },
    ...problemResponses(...JOB_READ_ERRORS),
  },
});
