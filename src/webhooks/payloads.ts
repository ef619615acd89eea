import { and, eq } from "drizzle-orm";
import { batchJobs, batchLink, countStatuses } from "../batches/batch-view";
import type { Database } from "../db/client";
import { batches, jobs, sheetExports } from "../db/schema";
import { jobView } from "../jobs/job-view";
import { trackerFor } from "../jobs/tracker/client";
import type { DomainEvent } from "../lib/domain-events";
import { eventBody, type SubscribableEventType, type WebhookEventOf } from "./events";

type JobFinished = Extract<DomainEvent, { type: "job.finished" }>;
type ExportFinished = Extract<DomainEvent, { type: "export.finished" }>;
type BatchFinished = Extract<DomainEvent, { type: "batch.finished" }>;

/** The webhook event type a domain event becomes. */
export function webhookTypeOf(event: DomainEvent): SubscribableEventType {
  if (event.type === "job.finished") return `job.${event.status}`;
  if (event.type === "export.finished") return `export.${event.status}`;
  return "batch.completed";
}

/**
 * The signed body of the webhook event for a domain event: the resource's public view and links, with the
 * moment the event happened as its `timestamp`. Null when the resource is gone (purged meanwhile).
 */
export async function webhookBodyOf(env: Env, db: Database, event: DomainEvent): Promise<string | null> {
  const occurredAt = new Date(event.at);
  if (event.type === "job.finished") {
    const data = await jobEventData(env, db, event);
    return data && eventBody(`job.${event.status}`, data, occurredAt);
  }
  if (event.type === "batch.finished") {
    const data = await batchEventData(env, db, event);
    return data && eventBody("batch.completed", data, occurredAt);
  }
  const data = await exportEventData(db, event);
  return data && eventBody(`export.${event.status}`, data, occurredAt);
}

/** The job's public view (never its sentences), with the status the event announced. */
async function jobEventData(env: Env, db: Database, event: JobFinished) {
  const job = await db.query.jobs.findFirst({ where: eq(jobs.id, event.jobId) });
  if (!job) return null;
  const view = jobView(job, await trackerFor(env, job.id).snapshot());
  const data: WebhookEventOf<"job.completed">["data"] = {
    job_id: job.id,
    batch_id: job.batchId,
    // The event's status: the job may have been retried since it ended.
    status: event.status,
    filename: view.filename,
    sentence_count: view.sentence_count,
    page_count: view.page_count,
    engine: view.engine,
    error: view.error && { error_code: view.error.error_code, message: view.error.message },
    created_at: job.createdAt.toISOString(),
    completed_at: view.completed_at ?? new Date(event.at).toISOString(),
    links: view.links,
  };
  return data;
}

/** The batch's counts by outcome, with its link. */
async function batchEventData(env: Env, db: Database, event: BatchFinished) {
  const batch = await db.query.batches.findFirst({ where: eq(batches.id, event.batchId) });
  if (!batch) return null;
  const counts = countStatuses((await batchJobs(env, db, batch.id)).map((job) => job.status));
  const data: WebhookEventOf<"batch.completed">["data"] = {
    batch_id: batch.id,
    counts: {
      total: counts.total,
      completed: counts.completed,
      failed: counts.failed,
      cancelled: counts.cancelled,
    },
    created_at: batch.createdAt.toISOString(),
    completed_at: new Date(event.at).toISOString(),
    links: { self: batchLink(batch.id) },
  };
  return data;
}

/** The export's public view, read from its row; null when the row is gone (the event is then skipped). */
async function exportEventData(db: Database, event: ExportFinished) {
  const row = await db.query.sheetExports.findFirst({
    where: and(eq(sheetExports.id, event.exportId), eq(sheetExports.userId, event.userId)),
  });
  if (!row) return null;
  const data: WebhookEventOf<"export.completed">["data"] = {
    export_id: event.exportId,
    job_id: row.jobId,
    status: event.status,
    destination: row.destination,
    result_url: row.spreadsheetUrl,
    error: row.errorCode ? { error_code: row.errorCode, message: row.errorMessage ?? "" } : null,
    links: { self: `/api/v1/exports/${event.exportId}`, job: `/api/v1/jobs/${row.jobId}` },
  };
  return data;
}
