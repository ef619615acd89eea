#!/usr/bin/env node
// `npm run browser-walk`: proves a browser client can sign in, upload, follow a job to the end with the native
// EventSource, and page through its history without being signed out, while two tabs fire parallel requests
// and their short-lived access tokens keep expiring. The walk itself (scripts/lib/browser-walk-client.mjs)
// uses only web APIs; it runs in headless Chromium (a page served by this script, which reports back over
// HTTP) or, with `--runner node`, in Node 22 with its experimental EventSource.
//
// Start the API with short access tokens and this page's origin allowed, then run the walk:
//
//   npm start -- --port 8871 --ip 127.0.0.1 --var ACCESS_TOKEN_TTL_SECONDS:5 \
//     --var CORS_ORIGINS:http://127.0.0.1:8872 --var SIGN_INS_PER_MINUTE:120
//   npm run browser-walk -- --base-url http://127.0.0.1:8871 --page-port 8872 [--pdf novel.pdf]
//     [--runner chromium|node] [--chromium /usr/bin/chromium]
//
// Exits 0 when the walk succeeded, 1 otherwise. Chromium is not needed by the tests or CI.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CHROMIUM_FLAGS } from "./lib/chromium.mjs";

const CLIENT = fileURLToPath(new URL("./lib/browser-walk-client.mjs", import.meta.url));
const DEFAULT_PDF = "../shared/corpus/fr/saint-simon-memoires-XX-08pt.pdf";
const WALK_TIMEOUT_MS = 5 * 60_000;

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>browser walk</title>
<script type="module">
  import { walk } from "/walk-client.mjs";
  const report = (path, body) => fetch(path, { method: "POST", body: JSON.stringify(body) });
  const config = await (await fetch("/config.json")).json();
  const pdf = await (await fetch("/book.pdf")).blob();
  try {
    await report("/done", await walk({ ...config, pdf, log: (line) => report("/log", { line }) }));
  } catch (error) {
    await report("/done", { ok: false, error: String(error?.stack ?? error) });
  }
</script>`;

const { values: options } = parseArgs({
  options: {
    "base-url": { type: "string", default: "http://127.0.0.1:8871" },
    "page-port": { type: "string", default: "8872" },
    pdf: { type: "string", default: DEFAULT_PDF },
    runner: { type: "string", default: "chromium" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    email: { type: "string", default: `walk-${Date.now()}@example.com` },
  },
});

const readBody = async (request) => {
  let text = "";
  for await (const chunk of request) text += chunk;
  return JSON.parse(text || "{}");
};

/** Serves the page, the walk module, the PDF and the config; resolves with the page's final report. */
function servePage(pdf, config) {
  let finish;
  const finished = new Promise((resolve) => {
    finish = resolve;
  });
  const server = createServer(async (request, response) => {
    const send = (type, body) => response.writeHead(200, { "content-type": type }).end(body);
    if (request.url === "/") send("text/html", PAGE);
    else if (request.url === "/walk-client.mjs") send("text/javascript", await readFile(CLIENT));
    else if (request.url === "/book.pdf") send("application/pdf", pdf);
    else if (request.url === "/config.json") send("application/json", JSON.stringify(config));
    else if (request.url === "/log" && request.method === "POST") {
      console.log(`  ${(await readBody(request)).line}`);
      send("text/plain", "");
    } else if (request.url === "/done" && request.method === "POST") {
      finish(await readBody(request));
      send("text/plain", "");
    } else response.writeHead(404).end();
  });
  return { server, finished };
}

async function inChromium(pdf, config) {
  if (!existsSync(options.chromium))
    throw new Error(`No Chromium at ${options.chromium}; try --runner node.`);
  const { server, finished } = servePage(pdf, config);
  const port = Number(options["page-port"]);
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const browser = spawn(options.chromium, [...CHROMIUM_FLAGS, `http://127.0.0.1:${port}/`], {
    stdio: "ignore",
  });
  try {
    return await withTimeout(finished);
  } finally {
    browser.kill();
    server.close();
  }
}

async function inNode(pdf, config) {
  if (typeof EventSource === "undefined") {
    // Node 22 has EventSource behind a flag: run this script again with it.
    const child = spawn(process.execPath, ["--experimental-eventsource", ...process.argv.slice(1)], {
      stdio: "inherit",
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    process.exit(code ?? 1);
  }
  const { walk } = await import(CLIENT);
  const log = (line) => console.log(`  ${line}`);
  return withTimeout(walk({ ...config, pdf: new Blob([pdf], { type: "application/pdf" }), log }));
}

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("the walk took over 5 minutes")), WALK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const pdf = await readFile(options.pdf);
  const config = { apiBase: options["base-url"].replace(/\/$/, ""), email: options.email };
  if (options.runner !== "node" || typeof EventSource !== "undefined")
    console.log(`Browser walk (${options.runner}) against ${config.apiBase} with ${options.pdf}`);
  const result = options.runner === "node" ? await inNode(pdf, config) : await inChromium(pdf, config);
  console.log(JSON.stringify(result, null, 2));
  console.log(result.ok ? "Walk succeeded: never signed out." : "Walk FAILED.");
  process.exit(result.ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
