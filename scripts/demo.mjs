#!/usr/bin/env node
// `npm run demo -- path/to/novel.pdf`: the whole walk against a running local API (start it with `npm start`).
// Signs in with dev-login, uploads the PDF, follows the job's progress over Server-Sent Events (polling the job
// if the stream fails), then prints the first sentences with their page, the job's stats and the download URL.
//
//   npm run demo -- novel.pdf [--base-url http://localhost:8787] [--limit 8] [--email demo@example.com]
//
// With `--export sheets` (against `npm run fake-google` and the API started with its URLs; README, "Downloads and
// exports") it signs in through the Google redirect flow instead, exports the first book to a new spreadsheet,
// appends every further book to it, and checks the sheet and the first book's Anki file:
//
//   npm run demo -- first.pdf [second.pdf …] --export sheets [--google-url http://127.0.0.1:8795]
//
// The API client below (signIn, uploadPdf, followJob, apiFetch…) is also used by the benchmark (bench/).
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { checkAnki, exportBooks, googleSignIn } from "./lib/demo-export.mjs";

const SHOWN_SENTENCES = 15;
const POLL_MS = 1000;
const FOLLOW_TIMEOUT_MS = 15 * 60_000;
const TERMINAL = new Set(["completed", "failed", "cancelled"]);

/** The API answered with an RFC 9457 problem (or another non-2xx). */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(`${problem.error_code ?? `HTTP ${status}`}: ${problem.detail ?? problem.title ?? "no detail"}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Nothing answers at the base URL. */
export class ApiDown extends Error {}

/** fetch against the API: JSON answers parsed, problems thrown as ApiProblem, refused connections as ApiDown. */
export async function apiFetch(baseUrl, path, { token, json, raw, ...init } = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (json !== undefined) headers.set("content-type", "application/json");
  let response;
  try {
    response = await fetch(new URL(path, baseUrl), {
      ...init,
      headers,
      body: json === undefined ? init.body : JSON.stringify(json),
    });
  } catch (error) {
    throw new ApiDown(`No API at ${baseUrl} (${error.cause?.code ?? error.message}).`, { cause: error });
  }
  if (response.ok) return raw ? response : response.json();
  const text = await response.text();
  let problem;
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { detail: text.slice(0, 200) };
  }
  throw new ApiProblem(response.status, problem);
}

/** Signs in with the development login; returns the access token. */
export async function signIn(baseUrl, email, name = "Demo") {
  const session = await apiFetch(baseUrl, "/api/v1/auth/dev-login", {
    method: "POST",
    json: { email, name },
  });
  return session.access_token;
}

/** Uploads a PDF with optional setting overrides (form fields); returns the 202 body `{ job_id, links }`. */
export async function uploadPdf(baseUrl, token, { bytes, filename, fields = {} }) {
  const form = new FormData();
  form.set("pdf_file", new Blob([bytes], { type: "application/pdf" }), filename);
  for (const [name, value] of Object.entries(fields)) form.set(name, String(value));
  return apiFetch(baseUrl, "/api/v1/process-pdf", { method: "POST", token, body: form });
}

/** Yields each `event: status` payload of a job's event stream until the server closes it. */
export async function* statusEvents(baseUrl, token, jobId, signal) {
  const response = await apiFetch(baseUrl, `/api/v1/jobs/${jobId}/events`, { token, raw: true, signal });
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const bytes of response.body) {
    buffer += decoder.decode(bytes, { stream: true }).replaceAll("\r\n", "\n");
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const frame = parseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (frame.event === "status" && frame.data) yield JSON.parse(frame.data);
      end = buffer.indexOf("\n\n");
    }
  }
}

function parseFrame(text) {
  const frame = { event: "message", data: "" };
  for (const line of text.split("\n")) {
    const [field, ...rest] = line.split(":");
    const value = rest.join(":").replace(/^ /, "");
    if (field === "event") frame.event = value;
    else if (field === "data") frame.data += frame.data ? `\n${value}` : value;
  }
  return frame;
}

/**
 * Follows a job until it ends, calling `onStatus` for each state seen: the event stream first, then polling
 * `GET /jobs/{id}` if the stream fails or closes early. Returns the final state; throws after `timeoutMs` or
 * when `signal` aborts (with its reason).
 */
export async function followJob(
  baseUrl,
  token,
  jobId,
  { onStatus = () => {}, timeoutMs = FOLLOW_TIMEOUT_MS, signal } = {},
) {
  const stop = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]);
  const stopped = () =>
    stop.reason?.name === "TimeoutError"
      ? new Error(`Job ${jobId} did not finish within ${timeoutMs / 1000} s.`)
      : stop.reason;
  try {
    for await (const state of statusEvents(baseUrl, token, jobId, stop)) {
      onStatus(state, "sse");
      if (TERMINAL.has(state.status)) return state;
    }
    onStatus(null, "event stream closed before the job ended; polling instead");
  } catch (error) {
    if (stop.aborted) throw stopped();
    if (error instanceof ApiProblem && error.status < 500) throw error;
    onStatus(null, `event stream failed (${error.message}); polling instead`);
  }
  while (!stop.aborted) {
    const state = await apiFetch(baseUrl, `/api/v1/jobs/${jobId}`, { token });
    onStatus(state, "poll");
    if (TERMINAL.has(state.status)) return state;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw stopped();
}

function parseOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "base-url": { type: "string", default: process.env.API_BASE_URL ?? "http://localhost:8787" },
      limit: { type: "string" },
      email: { type: "string", default: "demo@example.com" },
      export: { type: "string" },
      "google-url": { type: "string", default: "http://127.0.0.1:8795" },
    },
  });
  const sheets = values.export === "sheets";
  if (positionals.length < 1 || (positionals.length > 1 && !sheets) || (values.export && !sheets)) {
    throw new Error(
      "Usage: npm run demo -- path/to/novel.pdf [--base-url URL] [--limit N] [--email ADDRESS]\n" +
        "       npm run demo -- first.pdf [more.pdf …] --export sheets [--google-url URL]",
    );
  }
  return {
    files: positionals,
    baseUrl: values["base-url"],
    limit: values.limit,
    email: values.email,
    googleUrl: sheets ? values["google-url"] : null,
  };
}

function progressLine(started) {
  let last = "";
  return (state, note) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
    if (!state) return console.log(`[${seconds}s] ${note}`);
    const line = `${state.status.padEnd(10)} ${String(state.progress).padStart(3)}%  chunks ${state.chunks.done}/${state.chunks.total}${state.chunks.failed ? ` (${state.chunks.failed} failed)` : ""}  sentences ${state.sentence_count}`;
    // Every event is printed; polls only when something changed.
    if (note === "sse" || line !== last) console.log(`[${seconds}s] ${line}  (${note})`);
    last = line;
  };
}

function printResult(job, sentences, baseUrl) {
  console.log(`\nFirst ${sentences.length} sentences:`);
  for (const sentence of sentences) {
    console.log(
      `  p.${String(sentence.page).padEnd(4)} ${sentence.text}${sentence.fallback ? "  [fallback]" : ""}`,
    );
  }
  const stats = job.stats ?? {};
  console.log(`\nJob ${job.job_id}: ${job.sentence_count} sentences from ${job.page_count} pages`);
  console.log(`  engine ${job.engine}${job.model ? ` (${job.model})` : ""}, cached ${job.cached}`);
  console.log(
    `  stats: over limit ${stats.over_limit ?? "?"}, fragments ${stats.fragments ?? "?"}, words in ${stats.words_in ?? "?"} → out ${stats.words_out ?? "?"}`,
  );
  if (job.usage) {
    console.log(
      `  usage: ${job.usage.calls} calls, ${job.usage.input_tokens} input / ${job.usage.output_tokens} output tokens`,
    );
  }
  console.log(
    `\nDownload: ${new URL(job.links.download, baseUrl)}  (Authorization: Bearer …; ?format=csv|tsv|anki|txt|json)`,
  );
}

/** Uploads one PDF, follows it to its end and prints it; returns the finished job, or null when it failed. */
async function processBook(options, token, file) {
  const bytes = await readFile(file);
  const fields = options.limit ? { sentence_length_limit: options.limit } : {};
  const started = performance.now();
  const accepted = await uploadPdf(options.baseUrl, token, { bytes, filename: basename(file), fields });
  console.log(`Uploaded ${basename(file)} (${(bytes.length / 1024).toFixed(0)} KB): job ${accepted.job_id}`);

  const final = await followJob(options.baseUrl, token, accepted.job_id, { onStatus: progressLine(started) });
  const job = await apiFetch(options.baseUrl, `/api/v1/jobs/${accepted.job_id}`, { token });
  if (final.status !== "completed") {
    const error = job.error ?? final.error;
    console.error(
      `\nThe job ${final.status}: ${error ? `${error.error_code}: ${error.message}` : "no error reported"}`,
    );
    return null;
  }
  const page = await apiFetch(options.baseUrl, `${job.links.sentences}?limit=${SHOWN_SENTENCES}`, { token });
  printResult(job, page.sentences, options.baseUrl);
  return job;
}

async function main() {
  const options = parseOptions();
  const token = options.googleUrl
    ? await googleSignIn(options.baseUrl, new URL("/signed-in", options.googleUrl).href)
    : await signIn(options.baseUrl, options.email);
  console.log(`Signed in ${options.googleUrl ? "with Google" : `as ${options.email}`} at ${options.baseUrl}`);
  const jobs = [];
  for (const file of options.files) {
    const job = await processBook(options, token, file);
    if (!job) {
      process.exitCode = 1;
      return;
    }
    jobs.push(job);
  }
  if (!options.googleUrl) return;
  console.log("");
  const api = (path, init = {}) => apiFetch(options.baseUrl, path, { token, ...init });
  await exportBooks(api, options.googleUrl, jobs);
  await checkAnki(api, jobs[0]);
}

function explain(error) {
  if (error instanceof ApiDown)
    return `${error.message}\nIs the API running? Start it with \`npm start\` in another terminal.`;
  if (error instanceof ApiProblem) {
    const { error_code, detail, title, errors = [] } = error.problem;
    const fields = errors.map((field) => `\n  ${field.path}: ${field.message}`).join("");
    return `The API answered ${error.status}: ${error_code ?? title ?? "error"}: ${detail ?? "(no detail)"}${fields}`;
  }
  return error.message;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(explain(error));
    process.exitCode = 1;
  });
}
