import { createApiKey as createKey, listApiKeys as listKeys, revokeApiKey } from "../../auth/api-keys";
import { API_KEY_SCOPES, type ApiKeyScope } from "../../auth/scopes";
import { createDb } from "../../db/client";
import type { ApiKeyRow } from "../../db/schema";
import { ApiError } from "../../lib/errors";
import { createRouter } from "../router";
import { createApiKey, deleteApiKey, listApiKeys } from "./api-keys.routes";

const isScope = (scope: string): scope is ApiKeyScope =>
  (API_KEY_SCOPES as readonly string[]).includes(scope);

function toApiKeyResponse(row: ApiKeyRow) {
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    scopes: row.scopes.filter(isScope),
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}

export const apiKeys = createRouter()
  .openapi(createApiKey, async (c) => {
    const { name, scopes } = c.req.valid("json");
    const { row, key } = await createKey(createDb(c.env.DB), c.var.principal.userId, name, scopes);
    return c.json({ ...toApiKeyResponse(row), key }, 201);
  })
  .openapi(listApiKeys, async (c) => {
    const rows = await listKeys(createDb(c.env.DB), c.var.principal.userId);
    return c.json({ api_keys: rows.map(toApiKeyResponse) }, 200);
  })
  .openapi(deleteApiKey, async (c) => {
    const revoked = await revokeApiKey(createDb(c.env.DB), c.var.principal.userId, c.req.valid("param").id);
    if (!revoked) throw new ApiError("NOT_FOUND", { detail: "No active API key with this id." });
    return c.body(null, 204);
  });
