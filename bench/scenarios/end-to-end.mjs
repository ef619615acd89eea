// Scenario "end-to-end": each PDF uploaded to the running bundle and followed over its event stream until it
// ends; seconds from upload to `completed`, pages/s, sentences and the workerd process's peak RSS.
import { basename } from "node:path";
import { createApiClient, followJob, unwrap } from "@french-novel-tool/client";
import { uploadPdf } from "../../scripts/demo.mjs";
import { rssMb, sampleRss } from "../lib/memory.mjs";
import { printTable, round } from "../lib/report.mjs";

/** A job whose state has not changed for this long is reported as stalled instead of awaited. */
const STALL_MS = 60_000;
/** Whatever happens, one upload is given up after this long. */
const JOB_TIMEOUT_MS = 10 * 60_000;

const seconds = (from, to) => (from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null);

/** An abort signal that fires when `seen` has not been called with a new state for STALL_MS. */
function stallGuard() {
  const controller = new AbortController();
  let last = null;
  let timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const chunks = last ? ` at ${last.status}, chunks ${last.chunks.done}/${last.chunks.total}` : "";
      controller.abort(new Error(`stalled: no progress for ${STALL_MS / 1000} s${chunks}`));
    }, STALL_MS);
  };
  arm();
  return {
    signal: controller.signal,
    seen: (state) => {
      // A poll repeats an unchanged state; only a change counts as progress.
      if (!state || state.updated_at === last?.updated_at) return;
      last = state;
      arm();
    },
    clear: () => clearTimeout(timer),
  };
}

/**
 * Uploads one document and follows its job to the end. Returns the job (null if the upload failed), the
 * wall seconds, the peak RSS of workerd and, when it did not complete, why.
 */
export async function timeUpload({ url, pid }, token, document, fields = {}) {
  const api = createApiClient({ baseUrl: url, token });
  const sampler = sampleRss(pid);
  const stall = stallGuard();
  const started = performance.now();
  let jobId = null;
  let problem = null;
  try {
    const accepted = await uploadPdf(api, {
      bytes: document.bytes,
      filename: basename(document.path),
      fields,
    });
    jobId = accepted.job_id;
    await followJob(api, jobId, {
      onStatus: stall.seen,
      signal: stall.signal,
      timeoutMs: JOB_TIMEOUT_MS,
    });
  } catch (error) {
    problem = error.message;
  }
  const wall = (performance.now() - started) / 1000;
  stall.clear();
  const peakRss = sampler.stop();
  const job = jobId ? await unwrap(api.GET("/api/v1/jobs/{id}", { params: { path: { id: jobId } } })) : null;
  if (job && job.status !== "completed" && !problem) {
    problem = `${job.status}: ${job.error ? `${job.error.error_code} ${job.error.message}` : "no error"}`;
  }
  return { job, wall, peakRss, problem };
}

/** Uploads every document in turn (result cache bypassed) and reports one row each. */
export async function endToEnd({ runtime, token, documents }) {
  const rows = [];
  for (const document of documents) {
    // One workerd serves every upload, so its RSS before each one shows what the earlier ones left.
    const rssBefore = rssMb(runtime.pid);
    const { job, wall, peakRss, problem } = await timeUpload(runtime, token, document, { cache: "false" });
    const pages = job?.page_count ?? null;
    rows.push({
      document: document.name,
      status: problem ?? "completed",
      pages,
      seconds: round(wall, 2),
      pages_per_s: problem || !pages ? null : round(pages / wall),
      sentences: job?.sentence_count ?? null,
      chunks: job ? `${job.chunks.done}/${job.chunks.total}` : null,
      queue_wait_s: round(seconds(job?.created_at, job?.started_at), 2),
      rss_before_mb: round(rssBefore, 0),
      peak_rss_mb: round(peakRss, 0),
    });
    console.log(`  ${document.name}: ${problem ?? `completed in ${round(wall, 2)} s`}`);
  }
  return { rows };
}

/** Prints the scenario's table. */
export function printEndToEnd(result) {
  printTable(
    "End to end in workerd (upload → completed, over the event stream)",
    [
      ["document", "document"],
      ["pages", "pages"],
      ["seconds", "seconds"],
      ["pages_per_s", "pages/s"],
      ["sentences", "sentences"],
      ["chunks", "chunks"],
      ["queue_wait_s", "queue wait s"],
      ["rss_before_mb", "RSS before MB"],
      ["peak_rss_mb", "peak RSS MB"],
      ["status", "status"],
    ],
    result.rows,
  );
}
