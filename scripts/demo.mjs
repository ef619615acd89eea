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
// It is the example of the typed client (`client/`, on the committed openapi.json): the calls below are typed
// by the API's OpenAPI document. signIn, uploadPdf and apiFetch are also used by the benchmark (bench/).
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  ApiDown,
  ApiProblem,
  createApiClient,
  followJob,
  formData,
  problemOf,
  unwrap,
} from "@french-novel-tool/client";
import { checkAnki, exportBooks, googleSignIn } from "./lib/demo-export.mjs";

const SHOWN_SENTENCES = 15;

/**
 * fetch against the API for a path known only at run time (a `links` URL): JSON answers parsed (the Response
 * itself with `raw`), problems thrown as the client's ApiProblem, refused connections as its ApiDown.
 */
export async function apiFetch(baseUrl, path, { token, json, raw, ...init } = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (json !== undefined) headers.set("content-type", "application/json");
  const body = json === undefined ? init.body : JSON.stringify(json);
  let response;
  try {
    response = await fetch(new URL(path, baseUrl), { ...init, headers, body });
  } catch (error) {
    throw new ApiDown(`No API at ${baseUrl} (${error.cause?.code ?? error.message}).`, { cause: error });
  }
  if (response.ok) return raw ? response : response.json();
  const text = await response.text();
  let problem;
  try {
    problem = JSON.parse(text);
  } catch {
    problem = text.slice(0, 200);
  }
  throw problemOf(response, problem);
}

/** Signs in with the development login; returns the access token. */
export async function signIn(baseUrl, email, name = "Demo") {
  const api = createApiClient({ baseUrl });
  const session = await unwrap(api.POST("/api/v1/auth/dev-login", { body: { email, name } }));
  return session.access_token;
}

/** Uploads a PDF with optional setting overrides (form fields); returns the 202 body `{ job_id, links }`. */
export function uploadPdf(api, { bytes, filename, fields = {} }) {
  const pdf = new File([bytes], filename, { type: "application/pdf" });
  return unwrap(
    api.POST("/api/v1/process-pdf", {
      body: { ...fields, pdf_file: pdf },
      bodySerializer: formData,
    }),
  );
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
async function processBook(options, api, file) {
  const bytes = await readFile(file);
  const fields = options.limit ? { sentence_length_limit: options.limit } : {};
  const started = performance.now();
  const accepted = await uploadPdf(api, { bytes, filename: basename(file), fields });
  console.log(`Uploaded ${basename(file)} (${(bytes.length / 1024).toFixed(0)} KB): job ${accepted.job_id}`);

  const final = await followJob(api, accepted.job_id, { onStatus: progressLine(started) });
  const path = { id: accepted.job_id };
  const job = await unwrap(api.GET("/api/v1/jobs/{id}", { params: { path } }));
  if (final.status !== "completed") {
    const error = job.error ?? final.error;
    console.error(
      `\nThe job ${final.status}: ${error ? `${error.error_code}: ${error.message}` : "no error reported"}`,
    );
    return null;
  }
  const query = { limit: SHOWN_SENTENCES };
  const page = await unwrap(api.GET("/api/v1/jobs/{id}/sentences", { params: { path, query } }));
  printResult(job, page.sentences, options.baseUrl);
  return job;
}

async function main() {
  const options = parseOptions();
  const token = options.googleUrl
    ? await googleSignIn(options.baseUrl, new URL("/signed-in", options.googleUrl).href)
    : await signIn(options.baseUrl, options.email);
  console.log(`Signed in ${options.googleUrl ? "with Google" : `as ${options.email}`} at ${options.baseUrl}`);
  const client = createApiClient({ baseUrl: options.baseUrl, token });
  const jobs = [];
  for (const file of options.files) {
    const job = await processBook(options, client, file);
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
    return `${error.message}\nIs the API running at that address? Start it with \`npm start\` in another terminal.`;
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
