#!/usr/bin/env node
// `npm run check:docs`: proves in a real browser that the API reference at /api/docs works with no network and
// under its Content-Security-Policy. Starts `npm start` on a free port (or --port, or uses --base-url), opens the page
// in headless Chromium with every request outside the local origin blocked, and checks that the operations of
// /api/openapi.json are listed, that no request tried to leave, and that the browser reported no CSP violation
// and no error. Skips (exit 0) with a message when Chromium is not installed.
//
//   npm run check:docs [-- --port 8806] [--base-url http://127.0.0.1:8787] [--chromium /usr/bin/chromium]
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { parseArgs } from "node:util";
import { CHROMIUM_FLAGS } from "./lib/chromium.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "base-url": { type: "string" },
    chromium: { type: "string", default: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  },
});
const START_TIMEOUT_MS = 120_000;
const PAGE_TIMEOUT_MS = 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on now, chosen by the system, so the check never meets another server. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(String(port)));
    });
  });
}

/** Starts `npm start` on the port in its own process group; resolves once /health answers. */
async function startServer(port) {
  const server = spawn("node", ["scripts/dev.mjs", "--port", port, "--ip", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [server.stdout, server.stderr]) stream.on("data", (chunk) => (output += chunk));
  const stop = () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`npm start exited (${server.exitCode}):\n${output.slice(-2000)}`);
    const up = await fetch(`${baseUrl}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return { baseUrl, stop };
    await sleep(500);
  }
  stop();
  throw new Error(`npm start did not answer within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-2000)}`);
}

/** The operation summaries the page must list. */
async function expectedOperations(baseUrl) {
  const document = await (await fetch(`${baseUrl}/api/openapi.json`)).json();
  return Object.values(document.paths).flatMap((operations) =>
    Object.values(operations).map((operation) => operation.summary),
  );
}

/** Opens the docs with the network cut; returns what the page showed and what went wrong. */
async function inspectDocs(chromium, baseUrl) {
  const { chromium: launcher } = await import("playwright-core");
  const origin = new URL(baseUrl).origin;
  const browser = await launcher.launch({ executablePath: chromium, args: CHROMIUM_FLAGS });
  const problems = [];
  try {
    const context = await browser.newContext({ serviceWorkers: "block" });
    // The network is cut: anything not addressed to the local worker is refused before it leaves.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
      problems.push(`request outside ${origin} blocked: ${url}`);
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const where = `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`;
        console.error(
          `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`,
        );
      });
    });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => {
      if (request.url().startsWith(`${origin}/`)) problems.push(`failed: ${request.url()}`);
    });
    const response = await page.goto(`${baseUrl}/api/docs`, { waitUntil: "load", timeout: PAGE_TIMEOUT_MS });
    const policy = response?.headers()["content-security-policy"] ?? "";
    await page.getByText("French Novel Tool API").first().waitFor({ timeout: PAGE_TIMEOUT_MS });
    await page.waitForLoadState("networkidle", { timeout: PAGE_TIMEOUT_MS });
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator; its innerText is the rendered text a reader sees, not the markup
    const text = await page.locator("body").innerText();
    return { policy, text, problems };
  } finally {
    await browser.close();
  }
}

async function main() {
  if (!existsSync(values.chromium)) {
    console.log(
      `check:docs skipped: no Chromium at ${values.chromium} (apt-get install chromium, or --chromium PATH).`,
    );
    return;
  }
  const server = values["base-url"]
    ? { baseUrl: values["base-url"], stop: () => {} }
    : await startServer(values.port ?? (await freePort()));
  try {
    const operations = await expectedOperations(server.baseUrl);
    const { policy, text, problems } = await inspectDocs(values.chromium, server.baseUrl);
    const missing = operations.filter((summary) => !text.includes(summary));
    if (!/script-src 'self'/.test(policy))
      problems.push(`the page's CSP allows more than its own scripts: ${policy}`);
    for (const summary of missing) problems.push(`operation not listed: ${summary}`);
    console.log(`CSP: ${policy}`);
    console.log(
      `${operations.length - missing.length}/${operations.length} operations listed with the network cut`,
    );
    if (problems.length > 0) {
      for (const problem of problems) console.error(`  ✗ ${problem}`);
      process.exitCode = 1;
    } else {
      console.log("no request left the local origin; no CSP violation, no console error");
    }
  } finally {
    server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
