import { asc, eq, inArray } from "drizzle-orm";
import { batches, jobs, webhookDeliveries, webhookEndpoints } from "../../db/schema";
import { deliveryView } from "../../webhooks/deliveries";
import { endpointView } from "../../webhooks/endpoints";
import type { DataSection } from "../data-section";
import { eraseRows, userRows } from "./user-rows";

/** Webhook endpoints with their delivery log; signing secrets and delivery bodies are never exported. */
export const webhooksSection: DataSection = {
  name: "webhooks",
  // Deliveries go with their endpoint (ON DELETE CASCADE).
  tables: ["webhook_endpoints", "webhook_deliveries"],
  file: {
    name: "webhooks.json",
    describe:
      "Your webhook endpoints as GET /api/v1/webhooks/{id} shows them, each with its delivery log; signing secrets are never included.",
    async rows({ db }, userId) {
      const endpoints = await userRows(db, webhookEndpoints, userId);
      const ids = endpoints.map((endpoint) => endpoint.id);
      const deliveries = ids.length
        ? await db
            .select()
            .from(webhookDeliveries)
            .where(inArray(webhookDeliveries.endpointId, ids))
            .orderBy(asc(webhookDeliveries.createdAt))
        : [];
      return endpoints.map((endpoint) => ({
        ...endpointView(endpoint),
        deliveries: deliveries.filter((row) => row.endpointId === endpoint.id).map(deliveryView),
      }));
    },
  },
  erase: eraseRows(webhookEndpoints, webhookEndpoints.userId),
};

/** Batches of uploads: `batches.json`; erased after the jobs that point at them. */
export const batchesSection: DataSection = {
  name: "batches",
  tables: ["batches"],
  file: {
    name: "batches.json",
    describe:
      "Your batches of uploads: status, dates, files refused, and the ids of their jobs (in history.json).",
    async rows({ db }, userId) {
      const rows = await userRows(db, batches, userId);
      const members = await db
        .select({ id: jobs.id, batchId: jobs.batchId })
        .from(jobs)
        .where(eq(jobs.userId, userId));
      return rows.map((row) => ({
        batch_id: row.id,
        status: row.status,
        rejected: row.rejected,
        created_at: row.createdAt.toISOString(),
        completed_at: row.completedAt?.toISOString() ?? null,
        job_ids: members.filter((job) => job.batchId === row.id).map((job) => job.id),
      }));
    },
  },
  erase: eraseRows(batches, batches.userId),
};
