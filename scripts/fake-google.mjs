#!/usr/bin/env node
/**
 * A fake Google Sheets v4 and Drive v3 for local development and demos: a real HTTP server speaking the calls an
 * export makes (spreadsheets.get/batchUpdate, values.get/update, files.create/list, permissions.create),
 * over spreadsheets kept in memory, plus Google's sign-in: an authorization endpoint that approves at once as
 * `--email`, the token endpoint (authorization code with an ID token, refresh) and its key set, and revocation.
 *
 *   node scripts/fake-google.mjs --port 8795 [--email marie@example.com] [--fault 429 --fault-rate 0.2] \
 *        [--retry-after 2] [--hang-ms 120000]
 *   npm start -- --var GOOGLE_SHEETS_BASE_URL:http://127.0.0.1:8795 --var GOOGLE_DRIVE_BASE_URL:http://127.0.0.1:8795 \
 *                --var GOOGLE_TOKEN_URL:http://127.0.0.1:8795/token \
 *                --var GOOGLE_AUTH_URL:http://127.0.0.1:8795/o/oauth2/v2/auth \
 *                --var GOOGLE_JWKS_URL:http://127.0.0.1:8795/oauth2/v3/certs --var AUTH_REDIRECT_ORIGINS:http://127.0.0.1:8795
 *
 * Faults: 401 | 403 | 403-scope | 404 | 429 | 503 | timeout, on a share of Sheets/Drive calls (`--fault-rate`,
 * spread evenly: 0.25 fails every fourth call) or on one request (header `x-fake-fault`). Any bearer token is
 * accepted until revoked (`POST /revoke?token=`).
 * Inspect: GET /__fake/spreadsheets[/:id]. Seed: POST /__fake/spreadsheets {title, rows}, POST /__fake/folders {name}.
 * Every flag also reads an environment variable: FAKE_GOOGLE_PORT, FAKE_GOOGLE_FAULT, FAKE_GOOGLE_FAULT_RATE, ...
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { FAULTS } from "./lib/fake-google/errors.mjs";
import { FakeGoogleSignIn } from "./lib/fake-google/sign-in.mjs";
import { FakeGoogleWorkspace } from "./lib/fake-google/workspace.mjs";

const FLAGS = ["port", "email", "fault", "fault-rate", "retry-after", "hang-ms"];
const { values } = parseArgs({
  options: Object.fromEntries(FLAGS.map((flag) => [flag, { type: "string" }])),
});
const option = (flag, fallback) =>
  values[flag] ?? process.env[`FAKE_GOOGLE_${flag.toUpperCase().replaceAll("-", "_")}`] ?? fallback;

const port = Number(option("port", "8795"));
const defaultFault = option("fault", "503");
const faultRate = Number(option("fault-rate", "0"));
const retryAfter = Number(option("retry-after", "1"));
const hangMs = Number(option("hang-ms", "120000"));
if (!FAULTS[defaultFault]) throw new Error(`--fault must be one of ${Object.keys(FAULTS).join(", ")}`);

const google = new FakeGoogleWorkspace();
const signIn = new FakeGoogleSignIn({ email: option("email", "learner@example.com") });

/** The sign-in endpoints' answer to a request, or null when the workspace serves it. */
function signInAnswer(method, url, body) {
  if (method === "GET" && url.pathname === "/o/oauth2/v2/auth") return signIn.authorize(url);
  if (method === "GET" && url.pathname === "/oauth2/v3/certs") return signIn.certs();
  const form = new URLSearchParams(body);
  if (method === "POST" && url.pathname === "/token" && form.get("grant_type") === "authorization_code") {
    return signIn.exchange(form);
  }
  return null;
}
let apiCalls = 0;

/** Call k fails when k × rate crosses an integer: the same calls fail on every run, evenly spread. */
function scheduledFault(req) {
  const requested = req.headers["x-fake-fault"];
  if (FAULTS[requested]) return requested;
  if (!/^\/(v4|drive\/v3)\//.test(req.url)) return null;
  apiCalls += 1;
  return Math.floor(apiCalls * faultRate) > Math.floor((apiCalls - 1) * faultRate) ? defaultFault : null;
}

const server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", async () => {
    const url = `http://${req.headers.host ?? `127.0.0.1:${port}`}${req.url}`;
    const answer =
      (await signInAnswer(req.method, new URL(url), body)) ??
      google.handle(
        { method: req.method, url, headers: req.headers, body },
        { fault: scheduledFault(req), retryAfter },
      );
    console.log(
      `${new Date().toISOString()} ${req.method} ${req.url.split("?")[0]} → ${answer.hang ? "hang" : answer.status}`,
    );
    if (answer.hang) {
      setTimeout(() => res.destroy(), hangMs).unref();
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
});

server.listen(port, "127.0.0.1", () => {
  const faults = faultRate > 0 ? `, ${defaultFault} on ${faultRate * 100}% of calls` : "";
  console.log(`fake-google listening on http://127.0.0.1:${port}${faults}`);
});
