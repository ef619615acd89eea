import type { WebhookEndpoint } from "../../db/schema";
import { sendCoveredByCron } from "../../lib/cron-covered-send";
import { ApiError } from "../../lib/errors";
import type { AuthEnv } from "../../middleware/app-env";
import { deliveryView, listDeliveries, messageFor, restartDelivery } from "../../webhooks/deliveries";
import {
  createEndpoint,
  deleteEndpoint,
  endpointView,
  findOwnedEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
} from "../../webhooks/endpoints";
import { sendTestEvent } from "../../webhooks/fan-out";
import { enqueueDeliveries } from "../../webhooks/queue/producer";
import type { AppRouteHandler } from "../router";
import type * as routes from "./webhooks.routes";

function requireEnabled(endpoint: WebhookEndpoint): void {
  if (!endpoint.enabled) {
    throw new ApiError("CONFLICT", {
      detail: `The endpoint is disabled (${endpoint.disabledReason ?? "by its owner"}); enable it first.`,
    });
  }
}

/** `POST /webhooks`: 201 with the endpoint and its secret, this once. */
export const create: AppRouteHandler<typeof routes.create, AuthEnv> = async (c) => {
  const { row, secret } = await createEndpoint(
    c.var.db,
    c.var.config,
    c.var.principal.userId,
    c.req.valid("json"),
  );
  return c.json({ ...endpointView(row), secret }, 201);
};

/** `GET /webhooks`: the caller's endpoints. */
export const list: AppRouteHandler<typeof routes.list, AuthEnv> = async (c) => {
  const rows = await listEndpoints(c.var.db, c.var.principal.userId);
  return c.json({ webhooks: rows.map(endpointView) }, 200);
};

/** `GET /webhooks/{id}`. */
export const getOne: AppRouteHandler<typeof routes.getOne, AuthEnv> = async (c) => {
  const row = await findOwnedEndpoint(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(endpointView(row), 200);
};

/** `PATCH /webhooks/{id}`. */
export const update: AppRouteHandler<typeof routes.update, AuthEnv> = async (c) => {
  const { db, config, principal } = c.var;
  const row = await updateEndpoint(
    db,
    config,
    principal.userId,
    c.req.valid("param").id,
    c.req.valid("json"),
  );
  return c.json(endpointView(row), 200);
};

/** `DELETE /webhooks/{id}`. */
export const remove: AppRouteHandler<typeof routes.remove, AuthEnv> = async (c) => {
  const id = c.req.valid("param").id;
  if (!(await deleteEndpoint(c.var.db, c.var.principal.userId, id))) {
    throw new ApiError("NOT_FOUND", { detail: `No webhook endpoint ${id}.` });
  }
  return c.body(null, 204);
};

/** `POST /webhooks/{id}/rotate-secret`: the new secret, this once. */
export const rotateSecret: AppRouteHandler<typeof routes.rotateSecret, AuthEnv> = async (c) => {
  const { db, config, principal } = c.var;
  const { row, secret } = await rotateEndpointSecret(db, config, principal.userId, c.req.valid("param").id);
  return c.json({ ...endpointView(row), secret }, 200);
};

/** `POST /webhooks/{id}/test`: queues a `webhook.test` event. */
export const test: AppRouteHandler<typeof routes.test, AuthEnv> = async (c) => {
  const endpoint = await findOwnedEndpoint(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  requireEnabled(endpoint);
  return c.json(deliveryView(await sendTestEvent(c.env, c.var.db, endpoint.id)), 202);
};

/** `GET /webhooks/{id}/deliveries`: a page of the delivery log. */
export const deliveries: AppRouteHandler<typeof routes.deliveries, AuthEnv> = async (c) => {
  const endpoint = await findOwnedEndpoint(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(await listDeliveries(c.var.db, endpoint.id, c.req.valid("query")), 200);
};

/** `POST /webhooks/{id}/deliveries/{delivery_id}/redeliver`: a fresh series of attempts. */
export const redeliver: AppRouteHandler<typeof routes.redeliver, AuthEnv> = async (c) => {
  const { id, delivery_id } = c.req.valid("param");
  const endpoint = await findOwnedEndpoint(c.var.db, c.var.principal.userId, id);
  requireEnabled(endpoint);
  const row = await restartDelivery(c.var.db, endpoint.id, delivery_id);
  await sendCoveredByCron(() => enqueueDeliveries(c.env, [messageFor(row)]), "webhook redelivery", {
    delivery_id: row.id,
  });
  return c.json(deliveryView(row), 202);
};
