import type { AuthEnv } from "../../middleware/app-env";
import { splitSettingsPatch } from "../../settings/settings.schema";
import { getUserSettings, updateUserSettings } from "../../settings/user-settings";
import type { AppRouteHandler } from "../router";
import type * as routes from "./settings.routes";

/** `GET /settings`: the caller's settings, created with the defaults on first read. */
export const getOne: AppRouteHandler<typeof routes.getOne, AuthEnv> = async (c) =>
  c.json(await getUserSettings(c.var.db, c.var.principal.userId), 200);

/** `PUT /settings`: applies a partial update. */
export const put: AppRouteHandler<typeof routes.put, AuthEnv> = async (c) =>
  c.json(await updateUserSettings(c.var.db, c.var.config, c.var.principal.userId, c.req.valid("json")), 200);

/** `POST /settings`: the same update as PUT, ignoring (and naming) fields this API does not know. */
export const post: AppRouteHandler<typeof routes.post, AuthEnv> = async (c) => {
  const { patch, ignored } = splitSettingsPatch(c.req.valid("json"));
  const settings = await updateUserSettings(c.var.db, c.var.config, c.var.principal.userId, patch);
  if (ignored.length > 0) c.header("X-Ignored-Fields", ignored.join(", "));
  return c.json(settings, 200);
};
