#!/usr/bin/env node
/**
 * A local webhook receiver for development and demos: verifies each request's Standard Webhooks signature
 * (`webhook-id`, `webhook-timestamp` within 5 minutes, `webhook-signature` v1 HMAC-SHA256) with the secret(s)
 * given, prints the event and answers 204. It can be told to fail, to show retries and disabling.
 *
 *   npm run webhook-receiver -- --register [--email demo@example.com] [--base-url http://localhost:8787]
 *   npm run webhook-receiver -- --port 8796 --secret whsec_… [--secret whsec_… (a second, during rotation)]
 *                               [--fail-rate 0.5] [--status 503] [--retry-after 30] [--gone]
 *
 * --register signs in to a local API as --email (development login, the user `npm run demo` signs in as by
 * default), registers this receiver's URL for every event and checks with the secret the API returns: one
 * command, no secret to copy. Otherwise --secret names the secret of an endpoint registered beforehand.
 * --status N answers N instead of 204 (to every request, or to the share --fail-rate picks); --retry-after
 * adds that header to those answers; --gone answers 410, which disables the endpoint. Flags also read
 * environment variables: WEBHOOK_RECEIVER_PORT, WEBHOOK_RECEIVER_SECRET (comma-separated; keeps the secret
 * out of the process list and shell history), ...
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { apiFetch, signIn } from "./demo.mjs";
import { secretKey, verifyWebhook } from "./lib/webhook-receiver/verify.mjs";

const MAX_BODY_BYTES = 1024 * 1024;

const FLAGS = ["port", "fail-rate", "status", "retry-after", "base-url", "email"];
const { values } = parseArgs({
  options: {
    ...Object.fromEntries(FLAGS.map((flag) => [flag, { type: "string" }])),
    secret: { type: "string", multiple: true },
    gone: { type: "boolean" },
    register: { type: "boolean" },
  },
});
const option = (flag, fallback) =>
  values[flag] ?? process.env[`WEBHOOK_RECEIVER_${flag.toUpperCase().replaceAll("-", "_")}`] ?? fallback;

const port = Number(option("port", "8796"));
const secrets = (values.secret ?? process.env.WEBHOOK_RECEIVER_SECRET?.split(",") ?? []).map((s) => s.trim());
const statusGiven = values.gone || option("status", undefined) !== undefined;
const failStatus = values.gone ? 410 : Number(option("status", "503"));
const failRate = Number(option("fail-rate", statusGiven ? "1" : "0"));
const retryAfter = option("retry-after", undefined);

/**
 * The secret of this receiver's endpoint at the local API, for the development user. An endpoint already at
 * this URL is kept (with its delivery log, so a delivery that failed while the receiver was down can be
 * redelivered) and enabled; its secret is rotated, since the API shows a secret only once.
 */
async function register() {
  const baseUrl = option("base-url", "http://localhost:8787");
  const email = option("email", "demo@example.com");
  const url = `http://127.0.0.1:${port}/hooks`;
  try {
    const token = await signIn(baseUrl, email);
    const { webhooks } = await apiFetch(baseUrl, "/api/v1/webhooks", { token });
    const existing = webhooks.find((endpoint) => endpoint.url === url);
    if (existing && !existing.enabled) {
      await apiFetch(baseUrl, `/api/v1/webhooks/${existing.id}`, {
        method: "PATCH",
        token,
        json: { enabled: true },
      });
    }
    // Every event the API describes (its OpenAPI `webhooks`), but the test event, which is never subscribed to.
    const { webhooks: described } = await apiFetch(baseUrl, "/api/openapi.json");
    const events = Object.keys(described).filter((type) => type !== "webhook.test");
    const endpoint = existing
      ? await apiFetch(baseUrl, `/api/v1/webhooks/${existing.id}/rotate-secret`, { method: "POST", token })
      : await apiFetch(baseUrl, "/api/v1/webhooks", {
          method: "POST",
          token,
          json: { url, events, description: "npm run webhook-receiver" },
        });
    console.log(
      `${existing ? "Reusing" : "Registered"} ${url} for ${email} at ${baseUrl}: endpoint ${endpoint.id}`,
    );
    return endpoint.secret;
  } catch (error) {
    console.error(`Could not register: ${error.message}. Is the API running (npm start)?`);
    process.exit(1);
  }
}

if (values.register) secrets.push(await register());
if (secrets.length === 0) {
  console.error("Give the endpoint's secret (--secret whsec_…, twice during a rotation), or --register");
  process.exit(2);
}
const keys = secrets.map(secretKey);

/** Fails the share `failRate` of requests evenly (0.5: every second one), the same on every run. */
let failureCredit = 0;
function shouldFail() {
  failureCredit += failRate;
  if (failureCredit < 1 - 1e-9) return false;
  failureCredit -= 1;
  return true;
}

const seen = new Set();

function handle(request, response, body) {
  const stamp = new Date().toISOString().slice(11, 19);
  const check = verifyWebhook(keys, request.headers, body);
  if (check.error) {
    console.log(`${stamp} REFUSED ${request.method} ${request.url}: ${check.error}`);
    response.writeHead(check.error.startsWith("missing") ? 400 : 401, { "content-type": "text/plain" });
    response.end(`${check.error}\n`);
    return;
  }
  const id = request.headers["webhook-id"];
  const repeat = seen.has(id) ? " (again)" : "";
  seen.add(id);
  let event = {};
  try {
    event = JSON.parse(body.toString("utf8"));
  } catch {}
  const via = `secret #${check.secret}${check.signatures > 1 ? `, ${check.signatures} signatures` : ""}`;
  console.log(`${stamp} ${event.type ?? "?"} ${id}${repeat} verified (${via})`);
  console.log(`         ${JSON.stringify(event.data ?? event).slice(0, 300)}`);
  if (shouldFail()) {
    console.log(`         answering ${failStatus}${retryAfter ? ` with Retry-After: ${retryAfter}` : ""}`);
    response.writeHead(failStatus, retryAfter ? { "retry-after": retryAfter } : {});
    response.end();
    return;
  }
  response.writeHead(204);
  response.end();
}

const server = createServer((request, response) => {
  const chunks = [];
  let size = 0;
  request.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) request.destroy();
    else chunks.push(chunk);
  });
  request.on("end", () => handle(request, response, Buffer.concat(chunks)));
});

server.listen(port, "127.0.0.1", () => {
  console.log(`Webhook receiver on http://127.0.0.1:${port}/ checking ${keys.length} secret(s)`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
