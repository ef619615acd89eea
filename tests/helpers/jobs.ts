import { SELF } from "cloudflare:test";
import type { NumberedSentence } from "../../src/jobs/results/read-sentences";
import { authHeaders } from "./auth";

export const API = "https://api.test/api/v1";

/** Posts a PDF (and optional setting overrides) to `POST /api/v1/process-pdf`. */
export function uploadPdf(
  token: string,
  bytes: Uint8Array | string,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
  filename = "roman.pdf",
): Promise<Response> {
  const form = new FormData();
  form.set("pdf_file", new File([bytes], filename, { type: "application/pdf" }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return SELF.fetch(`${API}/process-pdf`, {
    method: "POST",
    headers: { ...authHeaders(token), ...headers },
    body: form,
  });
}

export interface JobBody {
  job_id: string;
  status: string;
  progress: number;
  chunks: { total: number; done: number; failed: number };
  sentence_count: number;
  stats: Record<string, number> | null;
  error: { error_code: string; message: string; failed_step: string } | null;
  cached: boolean;
  [key: string]: unknown;
}

/** Reads a job through the API. */
export async function getJob(token: string, jobId: string): Promise<JobBody> {
  const response = await SELF.fetch(`${API}/jobs/${jobId}`, { headers: authHeaders(token) });
  if (response.status !== 200) throw new Error(`GET job ${response.status}: ${await response.text()}`);
  return response.json<JobBody>();
}

/** Polls a job until it reaches one of `statuses` (the queue consumers run for real in the test runtime). */
export async function waitForJob(
  token: string,
  jobId: string,
  statuses: string[] = ["completed", "failed", "cancelled"],
  timeoutMs = 50_000,
): Promise<JobBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(token, jobId);
    if (statuses.includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A sentence as `GET /jobs/{id}/sentences` returns it. */
export type SentenceBody = NumberedSentence;

/** Every sentence of a completed job, following the cursor; `include: "source"` adds the originals. */
export async function allSentences(token: string, jobId: string, limit = 50, include?: "source") {
  const sentences: SentenceBody[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set("cursor", cursor);
    if (include) query.set("include", include);
    const response = await SELF.fetch(`${API}/jobs/${jobId}/sentences?${query}`, {
      headers: authHeaders(token),
    });
    if (response.status !== 200) throw new Error(`sentences ${response.status}: ${await response.text()}`);
    const page = await response.json<{ sentences: SentenceBody[]; next_cursor: string | null }>();
    sentences.push(...page.sentences);
    cursor = page.next_cursor;
  } while (cursor);
  return sentences;
}
