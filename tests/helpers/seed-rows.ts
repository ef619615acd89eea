import { env } from "cloudflare:test";
import { createDb } from "../../src/db/client";
import { type JobStatus, jobs } from "../../src/db/schema";

/** A job row as a finished (or stuck) job leaves it in D1, for the admin views; no tracker, no R2 objects. */
export async function seedJobRow(
  userId: string,
  row: {
    status: JobStatus;
    createdAt: Date;
    pageCount?: number;
    durationMs?: number;
    errorCode?: string;
    engine?: string;
    usage?: { input_tokens: number; output_tokens: number; calls: number };
    updatedAt?: Date;
  },
) {
  const id = crypto.randomUUID();
  const ended = row.durationMs === undefined ? null : new Date(row.createdAt.getTime() + row.durationMs);
  await createDb(env.DB)
    .insert(jobs)
    .values({
      id,
      userId,
      status: row.status,
      filename: "private-title.pdf",
      fileSize: 1,
      pdfSha256: "0".repeat(64),
      pdfKey: `pdfs/${userId}/${id}.pdf`,
      pageCount: row.pageCount ?? null,
      settings: {},
      engine: row.engine ?? "offline",
      usage: row.usage ?? null,
      errorCode: row.errorCode ?? null,
      errorMessage: row.errorCode ? "failed in a test" : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt ?? ended ?? row.createdAt,
      startedAt: row.createdAt,
      completedAt: ended,
    });
  return id;
}
