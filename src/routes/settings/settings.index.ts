import { createDb } from "../../db/client";
import { getUserSettings, updateUserSettings } from "../../settings/user-settings";
import { createRouter } from "../router";
import { getSettings, postSettings, putSettings } from "./settings.routes";

export const settings = createRouter()
  .openapi(getSettings, async (c) =>
    c.json(await getUserSettings(createDb(c.env.DB), c.var.principal.userId), 200),
  )
  .openapi(putSettings, async (c) =>
    c.json(
      await updateUserSettings(createDb(c.env.DB), c.var.config, c.var.principal.userId, c.req.valid("json")),
      200,
    ),
  )
  .openapi(postSettings, async (c) =>
    c.json(
      await updateUserSettings(createDb(c.env.DB), c.var.config, c.var.principal.userId, c.req.valid("json")),
      200,
    ),
  );
