import type { Context } from "hono";
import type { AppEnv } from "../middleware/app-env";

/** Where the API reference UI's files are served from, as static assets (see `assets` in wrangler.jsonc). */
export const DOCS_ASSETS_PATH = "/api/docs/assets";

/**
 * The policy of the docs page: scripts and data from this origin only (the UI's bundle, its start script, the
 * OpenAPI document and "try it" calls to this API), no inline script and no eval. Inline styles are allowed:
 * the UI (Vue) sets style attributes and adds style elements of its own, and a style cannot run code. Nothing
 * may frame the page, submit a form or change its base URL, and nothing outside the origin is fetched.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** `GET /api/docs`: the interactive API reference over `openApiPath`, every file served by this worker. */
export function docsPage(openApiPath: string, title: string) {
  return (c: Context<AppEnv>) => {
    c.header("Content-Security-Policy", DOCS_CONTENT_SECURITY_POLICY);
    return c.html(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
  </head>
  <body>
    <div id="app" data-url="${openApiPath}"></div>
    <script src="${DOCS_ASSETS_PATH}/docs.js"></script>
    <script src="${DOCS_ASSETS_PATH}/scalar-api-reference.js"></script>
  </body>
</html>
`);
  };
}
