import { env, SELF } from "cloudflare:test";
import { saveGoogleTokens } from "../../src/auth/google/credentials";
import { createDb } from "../../src/db/client";
import type { OutputSentence } from "../../src/engines/types";
import { type ChunkOutput, chunkResultKey, jobPrefix, putJson } from "../../src/jobs/storage";
import { authHeaders } from "./auth";
import { API } from "./jobs";
import { insertJobRow } from "./seed-job";
import { workerConfig } from "./worker-config";

export const DRIVE_FILE = "https://www.googleapis.com/auth/drive.file";
export const SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets";

/** A sentence of a seeded job: the short one, its original, its page and chapter. */
export interface SeedSentence {
  text: string;
  source: string;
  page: number;
  chapter?: string;
}

/** `count` sentences whose text, original and page tell their position. */
export const numberedSentences = (count: number, prefix = "Phrase"): SeedSentence[] =>
  Array.from({ length: count }, (_, i) => ({
    text: `${prefix} ${i}.`,
    source: `${prefix} ${i}, telle qu'elle était écrite.`,
    page: 1 + Math.floor(i / 40),
  }));

/**
 * A completed job whose results are in R2 (chunks of `chunkSize` sentences, each with its original), without
 * processing a PDF: fast fixtures for large exports. Two sentences of the same source share its original.
 */
export async function seedCompletedJob(
  userId: string,
  sentences: SeedSentence[],
  options: { filename?: string; chunkSize?: number } = {},
): Promise<string> {
  const jobId = crypto.randomUUID();
  const chunkSize = options.chunkSize ?? 3000;
  const counts: number[] = [];
  for (let start = 0; start < sentences.length; start += chunkSize) {
    const slice = sentences.slice(start, start + chunkSize);
    const output: ChunkOutput = {
      sentences: slice.map(
        (s, i): OutputSentence => ({
          text: s.text,
          page: s.page,
          sourceIndex: start + i,
          fallback: false,
          ...(s.chapter ? { chapter: s.chapter } : {}),
        }),
      ),
      sources: slice.map((s, i) => ({ index: start + i, text: s.source })),
    };
    await putJson(env.PDF_BUCKET, chunkResultKey(jobPrefix(jobId), counts.length), output);
    counts.push(slice.length);
  }
  const now = new Date();
  await insertJobRow({
    id: jobId,
    userId,
    status: "completed",
    filename: options.filename ?? "Le Horla.pdf",
    sentenceCount: sentences.length,
    chunksTotal: counts.length,
    chunksDone: counts.length,
    chunkCounts: counts,
    resultPrefix: jobPrefix(jobId),
    createdAt: now,
    completedAt: now,
  });
  return jobId;
}

/** Stores a Google grant for a user, as a sign-in would: the access token the fake accepts, a refresh token. */
export async function grantGoogle(
  userId: string,
  options: { scopes?: string[]; accessToken?: string; refreshToken?: string; expiresIn?: number } = {},
) {
  await saveGoogleTokens(createDb(env.DB), workerConfig(), userId, {
    access_token: options.accessToken ?? "ya29.test-access-token",
    refresh_token: options.refreshToken ?? `rt-${crypto.randomUUID()}`,
    expires_in: options.expiresIn ?? 3600,
    scope: ["openid", "email", ...(options.scopes ?? [DRIVE_FILE])].join(" "),
  });
}

/** `POST /jobs/{id}/exports` as a user. */
export function postExport(token: string, jobId: string, body: unknown): Promise<Response> {
  return SELF.fetch(`${API}/jobs/${jobId}/exports`, {
    method: "POST",
    headers: { ...authHeaders(token), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** An export as `GET /exports/{id}` returns it. */
export interface ExportBody {
  export_id: string;
  job_id: string;
  status: string;
  rows_written: number;
  rows_total: number;
  spreadsheet_id: string | null;
  spreadsheet_url: string | null;
  sheet_name: string | null;
  error: { error_code: string; message: string } | null;
  [key: string]: unknown;
}

/** Polls an export until it ends (the export queue's consumer runs for real in the test runtime). */
export async function waitForExport(
  token: string,
  exportId: string,
  timeoutMs = 50_000,
): Promise<ExportBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await SELF.fetch(`${API}/exports/${exportId}`, { headers: authHeaders(token) });
    if (response.status !== 200) throw new Error(`GET export ${response.status}: ${await response.text()}`);
    const body = await response.json<ExportBody>();
    if (body.status === "completed" || body.status === "failed") return body;
    if (Date.now() > deadline) throw new Error(`export still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Posts an export and waits until it ends. */
export async function exportAndWait(token: string, jobId: string, body: unknown): Promise<ExportBody> {
  const response = await postExport(token, jobId, body);
  if (response.status !== 202) throw new Error(`export ${response.status}: ${await response.text()}`);
  const { export_id } = await response.json<{ export_id: string }>();
  return waitForExport(token, export_id);
}

/** What a queue binding was asked to send. */
export interface SentMessage {
  body: unknown;
  delaySeconds?: number;
}

/** A queue binding that records what it is sent instead of sending it. */
export function recordingQueue() {
  const sent: SentMessage[] = [];
  const queue = {
    send: async (body: unknown, options?: { delaySeconds?: number }) => {
      sent.push({ body, ...(options?.delaySeconds ? { delaySeconds: options.delaySeconds } : {}) });
    },
    sendBatch: async () => {
      throw new Error("not used by exports");
    },
  } as unknown as Queue;
  return { queue, sent };
}

/** One delivery of an export message, and what the consumer did with it. */
export function exportDelivery(exportId: string, attempts = 1, queue = "fnt-dev-exports") {
  const outcome: { acked: boolean; retried: { delaySeconds?: number } | null } = {
    acked: false,
    retried: null,
  };
  const message = {
    id: crypto.randomUUID(),
    timestamp: new Date(),
    body: { type: "export.run", exportId },
    attempts,
    ack: () => {
      outcome.acked = true;
    },
    retry: (options?: { delaySeconds?: number }) => {
      outcome.retried = options ?? {};
    },
  } as unknown as Message<unknown>;
  const batch = {
    queue,
    messages: [message],
    ackAll: () => undefined,
    retryAll: () => undefined,
  } as unknown as MessageBatch<unknown>;
  return { batch, outcome };
}
