// Scenario "restart": a job interrupted by a restart of the runtime heals by itself. Uploads a generated French
// novel (the largest of --pages) to the bundle in workerd whose state lives in a folder, stops workerd while its
// chunks are being processed (the local queue loses every queued and in-flight message, as with `npm start`),
// starts it again on the same folder and follows the job to its end. Then checks that every sentence arrived
// exactly once: indexes contiguous, and the texts those of the offline engine run on the same PDF in Node.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { allSentences, createApiClient } from "@french-novel-tool/client";
import { apiFetch, signIn, uploadPdf } from "../../scripts/demo.mjs";
import { makeNovelPdf } from "../lib/french-pdf.mjs";
import { printTable, round } from "../lib/report.mjs";
import { startRuntime } from "../lib/runtime.mjs";

const POLL_MS = 50;
/** The job consumer's max_batch_size: a document with more chunks is stopped once some chunks are done. */
const CONSUMER_BATCH = 40;
/** The issue this guards against asked for a job to heal within 2 minutes of the restart; give up at 3. */
const HEAL_TIMEOUT_MS = 3 * 60_000;
const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const REFERENCE_SCRIPT = "bench/scenarios/offline-sentences.ts";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const since = (start) => round((performance.now() - start) / 1000, 1);

/** Polls a job until `done(job)` holds; returns the job, or throws after `timeoutMs`. */
async function pollJob(url, token, jobId, done, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const job = await apiFetch(url, `/api/v1/jobs/${jobId}`, { token });
    if (done(job)) return job;
    if (performance.now() > deadline)
      throw new Error(`job still ${job.status} (${job.chunks.done}/${job.chunks.total})`);
    await sleep(POLL_MS);
  }
}

/** The offline engine's sentences for the PDF, computed in Node (tsx); null when tsx is absent. */
function referenceSentences(path) {
  if (!existsSync("node_modules/.bin/tsx")) return null;
  const run = spawnSync(process.execPath, ["--import", "tsx", REFERENCE_SCRIPT, path], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`reference run failed: ${(run.stderr || "").slice(0, 500)}`);
  return JSON.parse(run.stdout).sentences;
}

/** What the job delivered compared with the reference: every sentence exactly once, in order. */
function compare(sentences, reference) {
  const indexes = sentences.map((sentence) => sentence.index);
  const contiguous = indexes.every((index, i) => index === i);
  const texts = sentences.map((sentence) => sentence.text);
  const identical =
    reference !== null &&
    texts.length === reference.length &&
    reference.every((expected, i) => expected.text === texts[i]);
  return { contiguous, identical, reference_sentences: reference?.length ?? null };
}

/**
 * When to stop the runtime: chunk messages are out and not all done. A document whose chunks fit in one
 * consumer batch finishes them nearly together, so it is stopped as soon as they are out; a larger one once
 * some are done, so the restart must also keep what was finished before it.
 */
const midJob = (job) =>
  job.chunks.total > 0 &&
  job.chunks.done < job.chunks.total &&
  (job.chunks.done > 0 || job.chunks.total <= CONSUMER_BATCH);

/** Runs the scenario: upload, stop mid-job, restart on the same state, follow to the end, compare. */
export async function restart({ scriptPath, vars, workDir }, options) {
  const pages = Math.max(...options.pages);
  const pdfPath = join(workDir, `restart-${pages}p.pdf`);
  const stateDir = join(workDir, "restart-state");
  await mkdir(stateDir, { recursive: true });
  const bytes = await makeNovelPdf(pages, pages);
  await writeFile(pdfPath, bytes);
  let runtime = await startRuntime({ scriptPath, vars, persistDir: stateDir });
  try {
    const token = await signIn(runtime.url, "restart@example.com", "Restart");
    const uploaded = performance.now();
    const { job_id: jobId } = await uploadPdf(createApiClient({ baseUrl: runtime.url, token }), {
      bytes,
      filename: "restart.pdf",
      fields: { cache: "false" },
    });
    const before = await pollJob(
      runtime.url,
      token,
      jobId,
      (job) => midJob(job) || TERMINAL.has(job.status),
      HEAL_TIMEOUT_MS,
    );
    if (TERMINAL.has(before.status))
      return { skipped: `the job ended (${before.status}) before the runtime could be stopped` };
    await runtime.dispose();
    const stoppedAfter = since(uploaded);
    const restarted = performance.now();
    runtime = await startRuntime({ scriptPath, vars, persistDir: stateDir, migrate: false });
    const readyAfter = since(restarted);
    const after = await pollJob(
      runtime.url,
      token,
      jobId,
      (job) => TERMINAL.has(job.status),
      HEAL_TIMEOUT_MS,
    );
    const healedAfter = since(restarted);
    const sentences =
      after.status === "completed"
        ? await allSentences(createApiClient({ baseUrl: runtime.url, token }), jobId)
        : [];
    return {
      pages: after.page_count,
      chunks: after.chunks.total,
      done_at_stop: before.chunks.done,
      stopped_after_s: stoppedAfter,
      ready_after_s: readyAfter,
      healed_after_s: healedAfter,
      status: after.status === "completed" ? "completed" : `${after.status} ${after.error?.error_code ?? ""}`,
      redrives: after.redrives,
      sentences: sentences.length,
      ...compare(sentences, after.status === "completed" ? referenceSentences(pdfPath) : null),
    };
  } finally {
    await runtime.dispose();
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** Prints the scenario's table. */
export function printRestart(result) {
  printTable(
    "Restart mid-job (generated novel; workerd stopped while its chunks ran, started again on the same state)",
    [
      ["pages", "pages"],
      ["chunks", "chunks"],
      ["done_at_stop", "done at stop"],
      ["stopped_after_s", "stopped after s"],
      ["ready_after_s", "restart s"],
      ["healed_after_s", "restart → end s"],
      ["redrives", "redrives"],
      ["sentences", "sentences"],
      ["reference_sentences", "offline ref."],
      ["contiguous", "indexes 0..n-1"],
      ["identical", "same as ref."],
      ["status", "status"],
    ],
    [result],
  );
}
