import { createRoute, z } from "@hono/zod-openapi";
import { AUTH_ERRORS, JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { requireAuth } from "../../middleware/auth";
import {
  LenientSettingsPatchSchema,
  SettingsPatchSchema,
  SettingsSchema,
} from "../../settings/settings.schema";

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

const updateErrors = problemResponses(...AUTH_ERRORS, ...JSON_BODY_ERRORS);

export const put = createRoute({
  tags: ["Settings"],
  security: [{ bearerAuth: [] }],
  operationId: "updateSettings",
  method: "put",
  path: "/settings",
  summary: "Update my settings (any subset of fields; an unknown field is a 422)",
  middleware: [requireAuth({ sessionOnly: true })] as const,
  request: { body: { required: true, content: { "application/json": { schema: SettingsPatchSchema } } } },
  responses: { 200: ok, ...updateErrors },
});

export const post = createRoute({
  tags: ["Settings"],
  security: [{ bearerAuth: [] }],
  operationId: "updateSettingsPost",
  method: "post",
  path: "/settings",
  summary: "Update my settings, ignoring fields this API does not know (for the existing frontend)",
  description:
    "Known fields are validated as by PUT (an invalid value is a 422 and nothing is written). Fields this API " +
    "does not know — a frontend's cached `default_folder_id`, `default_sheet_name_pattern`, " +
    "`default_wordlist_id`, or any other — are ignored and named, comma-separated, in `X-Ignored-Fields`.",
  middleware: [requireAuth({ sessionOnly: true })] as const,
  request: {
    body: { required: true, content: { "application/json": { schema: LenientSettingsPatchSchema } } },
  },
  responses: {
    200: { ...ok, headers: z.object({ "X-Ignored-Fields": z.string().optional() }) },
    ...updateErrors,
  },
});
