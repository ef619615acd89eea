import { batchJobs, batchView, findOwnedBatch, listBatches } from "../../batches/batch-view";
import { cancelBatch } from "../../batches/cancel-batch";
import { receiveBatch } from "../../batches/create-batch";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./batches.routes";

/** `POST /batches`: 202 with a job per accepted file and the refused files' problems. */
export const create: AppRouteHandler<typeof routes.create, AuthEnv> = async (c) => {
  const { pdf_files, cache, ...overrides } = c.req.valid("form");
  const { value, replayed } = await receiveBatch(c.env, c.var.db, c.var.config, {
    userId: c.var.principal.userId,
    files: pdf_files,
    overrides,
    idempotencyKey: c.req.valid("header")["idempotency-key"],
    useCache: cache !== "false",
  });
  if (replayed) c.header("Idempotent-Replayed", "true");
  return c.json(value, 202, { Location: value.links.self });
};

/** `GET /batches`: a page of the caller's batches. */
export const list: AppRouteHandler<typeof routes.list, AuthEnv> = async (c) => {
  return c.json(await listBatches(c.var.db, c.var.principal.userId, c.req.valid("query")), 200);
};

/** `GET /batches/{id}`: the batch with its jobs' live statuses. */
export const getOne: AppRouteHandler<typeof routes.getOne, AuthEnv> = async (c) => {
  const batch = await findOwnedBatch(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(batchView(batch, await batchJobs(c.env, c.var.db, batch.id)), 200);
};

/** `POST /batches/{id}/cancel`: cancels the jobs still running. */
export const cancel: AppRouteHandler<typeof routes.cancel, AuthEnv> = async (c) => {
  const batch = await findOwnedBatch(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  return c.json(batchView(batch, await cancelBatch(c.env, c.var.db, batch)), 200);
};
