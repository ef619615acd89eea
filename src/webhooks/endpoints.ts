import { and, asc, eq } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { type WebhookEndpoint, webhookEndpoints } from "../db/schema";
import { ApiError } from "../lib/errors";
import { requireAllowedUrl } from "./check-url";
import type { SubscribableEventType } from "./events";
import { createWebhookSecret, rotateWebhookSecret } from "./secret-store";

type EndpointConfig = Pick<
  Config,
  "ENVIRONMENT" | "WEBHOOK_DNS_RESOLVER_URL" | "TOKEN_ENCRYPTION_KEY" | "TOKEN_ENCRYPTION_PREVIOUS_KEYS"
>;

/** Endpoints a user may hold: each event fans out to all of them. */
const MAX_ENDPOINTS_PER_USER = 20;

export interface EndpointInput {
  url: string;
  events: SubscribableEventType[];
  description?: string | null | undefined;
}

export interface EndpointPatch extends Partial<EndpointInput> {
  /** True re-enables a disabled endpoint (its failure record starts afresh); false disables it. */
  enabled?: boolean | undefined;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The wire view of an endpoint: never its secrets. */
export function endpointView(row: WebhookEndpoint) {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    failing_since: iso(row.failingSince),
    last_success_at: iso(row.lastSuccessAt),
    previous_secret_expires_at:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt.toISOString()
        : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Registers an endpoint after checking its URL; the returned `secret` is the only time it is shown. */
export async function createEndpoint(
  db: Database,
  config: EndpointConfig,
  userId: string,
  input: EndpointInput,
): Promise<{ row: WebhookEndpoint; secret: string }> {
  const held = await db.$count(webhookEndpoints, eq(webhookEndpoints.userId, userId));
  if (held >= MAX_ENDPOINTS_PER_USER) {
    throw new ApiError("CONFLICT", {
      detail: `A user can hold at most ${MAX_ENDPOINTS_PER_USER} webhook endpoints.`,
    });
  }
  const url = await requireAllowedUrl(config, input.url);
  const id = crypto.randomUUID();
  const { secret, stored } = await createWebhookSecret(config, id);
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id,
      userId,
      url,
      events: [...new Set(input.events)],
      description: input.description ?? null,
      ...stored,
    })
    .returning();
  return { row: row!, secret };
}

/** The user's endpoints, oldest first. */
export function listEndpoints(db: Database, userId: string) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.userId, userId))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
}

/** An endpoint of this user, or 404 — also for another user's, so ids reveal nothing. */
export async function findOwnedEndpoint(db: Database, userId: string, id: string): Promise<WebhookEndpoint> {
  const row = await db.query.webhookEndpoints.findFirst({
    where: and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)),
  });
  if (!row) throw new ApiError("NOT_FOUND", { detail: `No webhook endpoint ${id}.` });
  return row;
}

/** Changes an endpoint; a new URL is checked again, and enabling clears the record of its failures. */
export async function updateEndpoint(
  db: Database,
  config: EndpointConfig,
  userId: string,
  id: string,
  patch: EndpointPatch,
): Promise<WebhookEndpoint> {
  const current = await findOwnedEndpoint(db, userId, id);
  const changes: Partial<WebhookEndpoint> = { updatedAt: new Date() };
  if (patch.url !== undefined) changes.url = await requireAllowedUrl(config, patch.url);
  if (patch.events !== undefined) changes.events = [...new Set(patch.events)];
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.enabled === true && !current.enabled) {
    Object.assign(changes, { enabled: true, disabledReason: null, failingSince: null });
  } else if (patch.enabled === false && current.enabled) {
    Object.assign(changes, { enabled: false, disabledReason: "Disabled by its owner" });
  }
  const [row] = await db
    .update(webhookEndpoints)
    .set(changes)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)))
    .returning();
  if (!row) throw new ApiError("NOT_FOUND", { detail: `No webhook endpoint ${id}.` });
  return row;
}

/** Deletes an endpoint and its delivery log; false when the user has no such endpoint. */
export async function deleteEndpoint(db: Database, userId: string, id: string): Promise<boolean> {
  const result = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)))
    .run();
  return result.meta.changes === 1;
}

/** A new secret (shown once); the current one keeps signing beside it for 24 hours. */
export async function rotateEndpointSecret(
  db: Database,
  config: EndpointConfig,
  userId: string,
  id: string,
): Promise<{ row: WebhookEndpoint; secret: string }> {
  const current = await findOwnedEndpoint(db, userId, id);
  const now = new Date();
  const { secret, stored } = await rotateWebhookSecret(config, id, current, now);
  // Only over the secret read above: of two rotations at once, one wins and the other never shows a secret
  // that would not sign.
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...stored, updatedAt: now })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.secretCiphertext, current.secretCiphertext)))
    .returning();
  if (!row) throw new ApiError("CONFLICT", { detail: "The secret was rotated meanwhile; try again." });
  return { row, secret };
}
