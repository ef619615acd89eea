import { apiKeyView, createApiKey, listApiKeys, revokeApiKey } from "../../auth/api-keys";
import { ApiError } from "../../lib/errors";
import type { AuthEnv } from "../../middleware/app-env";
import type { AppRouteHandler } from "../router";
import type * as routes from "./api-keys.routes";

/** `POST /api-keys`: the new key, its secret shown this once. */
export const create: AppRouteHandler<typeof routes.create, AuthEnv> = async (c) => {
  const { name, scopes } = c.req.valid("json");
  const { row, key } = await createApiKey(c.var.db, c.var.principal.userId, name, scopes);
  return c.json({ ...apiKeyView(row), key }, 201);
};

/** `GET /api-keys`: the caller's active keys, never their secrets. */
export const list: AppRouteHandler<typeof routes.list, AuthEnv> = async (c) => {
  const rows = await listApiKeys(c.var.db, c.var.principal.userId);
  return c.json({ api_keys: rows.map(apiKeyView) }, 200);
};

/** `DELETE /api-keys/{id}`: revokes one of the caller's keys, 404 for any other. */
export const remove: AppRouteHandler<typeof routes.remove, AuthEnv> = async (c) => {
  const revoked = await revokeApiKey(c.var.db, c.var.principal.userId, c.req.valid("param").id);
  if (!revoked) throw new ApiError("NOT_FOUND", { detail: "No active API key with this id." });
  return c.body(null, 204);
};
