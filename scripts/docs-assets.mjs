#!/usr/bin/env node
// Puts the API reference UI (the browser bundle of @scalar/api-reference, from node_modules) among the static
// assets that `GET /api/docs` loads, so the docs page needs nothing from outside the worker. Wrangler runs this
// as its custom build (wrangler.jsonc `build`) before `wrangler dev`, `wrangler deploy` and the dry-run build;
// it writes only when the installed bundle changed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the worker's HTML expects the bundle (src/routes/docs-page.ts). */
export const TARGET = "public/api/docs/assets/scalar-api-reference.js";

/** The bundle the package ships for browsers (beside its main module); it sets `window.Scalar`. */
const sourcePath = () =>
  fileURLToPath(new URL("./browser/standalone.js", import.meta.resolve("@scalar/api-reference")));

/** Copies the bundle when it differs from the one in place; returns whether it wrote. */
export function prepareDocsAssets(target = TARGET) {
  // Its source map (20 MB) is not shipped: the comment pointing at it goes too.
  const bundle = readFileSync(sourcePath(), "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  if (existsSync(target) && readFileSync(target, "utf8") === bundle) return false;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bundle);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (prepareDocsAssets()) console.log(`docs assets: wrote ${TARGET}`);
}
