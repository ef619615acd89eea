import { issueEventTicket } from "../../jobs/event-tickets";
import { findOwnedJob } from "../../jobs/job-view";
import { trackerFor } from "../../jobs/tracker/client";
import { ApiError } from "../../lib/errors";
import type { AuthEnv } from "../../middleware/app-env";
import { API_PREFIX } from "../prefix";
import type { AppRouteHandler } from "../router";
import type * as routes from "./progress.routes";

/** `GET /jobs/{id}/events`: the tracker's event stream, passed through. */
export const events: AppRouteHandler<typeof routes.events, AuthEnv> = async (c) => {
  const job = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  const stream = await trackerFor(c.env, job.id).fetch("https://job-tracker/events");
  if (!stream.ok) throw new ApiError("CONFLICT", { detail: "The job never started; upload the PDF again." });
  return new Response(stream.body, { status: 200, headers: stream.headers });
};

/** `POST /jobs/{id}/events/ticket`: a single-use ticket, and the events URL that carries it. */
export const createEventTicket: AppRouteHandler<typeof routes.createEventTicket, AuthEnv> = async (c) => {
  const { userId, sessionId } = c.var.principal;
  const job = await findOwnedJob(c.var.db, userId, c.req.valid("param").id);
  const { ticket, expiresAt } = await issueEventTicket(c.var.db, job.id, {
    userId,
    sessionId: sessionId ?? null,
  });
  const url = new URL(`${API_PREFIX}/jobs/${job.id}/events`, c.req.url);
  url.searchParams.set("ticket", ticket);
  return c.json({ url: url.href, ticket, expires_at: expiresAt.toISOString() }, 201);
};

/** `GET /jobs/{id}/chunks`: each chunk's page range, state, attempts, latest error and duration. */
export const chunks: AppRouteHandler<typeof routes.chunks, AuthEnv> = async (c) => {
  const job = await findOwnedJob(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  const details = await trackerFor(c.env, job.id).chunkDetails();
  return c.json({ job_id: job.id, chunks: details ?? [] }, 200);
};
