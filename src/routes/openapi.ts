import type { OpenAPIHono } from "@hono/zod-openapi";
import { version } from "../../package.json";
import type { AppEnv } from "../middleware/app-env";
import { docsPage } from "./docs-page";
import { registerWebhookEvents } from "./webhooks/webhooks.events";

export const OPENAPI_PATH = "/api/openapi.json";
export const DOCS_PATH = "/api/docs";

/** The document's header: the same in the served document and in the committed `openapi.json`. */
const DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "French Novel Tool API",
    version,
    description:
      "Turns the PDF of a French novel into learner-sized sentences. Errors are RFC 9457 problem+json with a stable `error_code`; each operation lists the codes it can answer.",
  },
};

/** The OpenAPI 3.1 document of an app, without servers: what `npm run openapi` writes to `openapi.json`. */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document(DOCUMENT);
}

/** Serves the OpenAPI 3.1 document built from the route declarations, and interactive docs over it. */
export function configureOpenApi(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT or API key",
    description:
      "An app access token (JWT from a sign-in or refresh) or a personal API key (`fnt_…`), sent as `Authorization: Bearer <token>`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "eventTicket", {
    type: "apiKey",
    in: "query",
    name: "ticket",
    description:
      "A single-use, 60-second ticket from `POST /jobs/{id}/events/ticket`: opens that job's event stream once, for clients that cannot send headers (`EventSource`).",
  });
  registerWebhookEvents(app.openAPIRegistry);
  // Built on the first request, when every route is registered, then kept for the isolate's life: the document
  // changes only with the code, and building it converts every route's schemas (about half a second of CPU).
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get(OPENAPI_PATH, (c) => {
    document ??= openApiDocument(app);
    const { openapi, info, ...rest } = document;
    return c.json({
      openapi,
      info,
      servers: [{ url: new URL(c.req.url).origin, description: "This deployment" }],
      ...rest,
    });
  });
  app.get(DOCS_PATH, docsPage(OPENAPI_PATH, "French Novel Tool API"));
}
