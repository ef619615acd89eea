import { createRoute } from "@hono/zod-openapi";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import { SettingsPatchSchema, SettingsSchema } from "../../settings/settings.schema";

const ok = {
  description: "The user's settings",
  content: { "application/json": { schema: SettingsSchema } },
};

export const getOne = createRoute({
  operationId: "getSettings",
  method: "get",
  path: "/settings",
  tags: ["Settings"],
  summary: "My sentence settings (created with defaults on first read)",
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth()] as const,
  responses: { 200: ok, ...problemResponses(...AUTH_ERRORS) },
});

const update = (method: "put" | "post", operationId: string) =>
  createRoute({
    operationId,
    method,
    path: "/settings",
    tags: ["Settings"],
    summary:
      method === "put"
        ? "Update my settings (any subset of fields)"
        : "Update my settings (same as PUT; kept for the existing frontend)",
    security: [{ bearerAuth: [] }],
    middleware: [requireAuth({ sessionOnly: true })] as const,
    request: {
      body: { required: true, content: { "application/json": { schema: SettingsPatchSchema } } },
    },
    responses: { 200: ok, ...problemResponses(...AUTH_ERRORS, ...JSON_BODY_ERRORS) },
  });

export const put = update("put", "updateSettings");
export const post = update("post", "updateSettingsPost");
