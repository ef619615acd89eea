import { env, SELF } from "cloudflare:test";
import { createDb } from "../../src/db/client";
import { jobs, type NewJob } from "../../src/db/schema";
import { trackerFor } from "../../src/jobs/tracker/client";
import { authHeaders } from "./auth";
import { API, uploadPdf, waitForJob } from "./jobs";
import { makeFrenchPdf } from "./pdf-fixtures";

export const db = createDb(env.DB);

/** Calls the API as a user. */
export function call(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`${API}${path}`, { ...init, headers: { ...authHeaders(token), ...init.headers } });
}

/** Posts JSON (or nothing) as a user. */
export function postJson(token: string, path: string, body?: unknown): Promise<Response> {
  return call(token, path, {
    method: "POST",
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
}

/** Inserts a history row directly (no tracker, no queue): fast fixtures for the list. */
export async function insertJob(userId: string, values: Partial<NewJob> = {}): Promise<string> {
  const id = values.id ?? crypto.randomUUID();
  await db.insert(jobs).values({
    id,
    userId,
    filename: `${id}.pdf`,
    fileSize: 1234,
    pdfSha256: "0".repeat(64),
    pdfKey: `pdfs/${userId}/${"0".repeat(64)}.pdf`,
    settings: {},
    engine: "offline",
    ...values,
  });
  return id;
}

/** A job that is processing and stays so: a tracker past its prepare step, with no queue message sent. */
export async function runningJob(userId: string): Promise<string> {
  const id = await insertJob(userId, { status: "pending" });
  const tracker = trackerFor(env, id);
  await tracker.init({
    jobId: id,
    userId,
    engine: "offline",
    model: null,
    cacheKey: null,
    createdAt: Date.now(),
  });
  await tracker.markPrepared(3, 2);
  return id;
}

/** A short French text PDF; `seed` makes its content (and so its cache key) unique. */
export function seededPdf(seed: string): Promise<Uint8Array> {
  return makeFrenchPdf({
    pages: [
      [
        `Le voyageur ${seed} arriva au village le soir, fatigué par une longue route poussiéreuse.`,
        "Il demanda une chambre à l'aubergiste, qui le regarda longtemps sans rien dire, puis lui tendit une clé rouillée et lui montra l'escalier sombre qui menait au grenier.",
      ],
    ],
  });
}

/** Uploads a unique PDF and waits until its job completes; returns the job id. */
export async function completedJob(token: string, seed: string = crypto.randomUUID()): Promise<string> {
  const upload = await uploadPdf(token, await seededPdf(seed));
  if (upload.status !== 202) throw new Error(`upload ${upload.status}: ${await upload.text()}`);
  const { job_id } = await upload.json<{ job_id: string }>();
  const job = await waitForJob(token, job_id);
  if (job.status !== "completed") throw new Error(`job ended ${job.status}: ${JSON.stringify(job.error)}`);
  return job_id;
}
