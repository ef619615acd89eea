import type { Job } from "../../db/schema";
import { digestTag, etagMatches } from "../../lib/etag";

/**
 * Bump when what a download or a sentence page holds changes for the same stored result (a new column, another
 * file layout), so that clients holding an old copy fetch the new one.
 */
const REPRESENTATION_VERSION = "1";

/**
 * A strong ETag for one representation of a completed job's results (`variant`: the format, or the page's
 * query). Completed results never change, so the tag depends only on what is read and how it is written; null
 * while the job is not completed.
 */
export async function resultEtag(job: Job, variant: string): Promise<string | null> {
  if (job.status !== "completed" || !job.resultPrefix || !job.chunkCounts) return null;
  return digestTag([REPRESENTATION_VERSION, job.id, job.filename, job.resultPrefix, variant]);
}

/**
 * The headers of a completed result (its ETag, and `no-cache` so a browser asks again and gets a 304), and
 * whether the client's copy is current.
 */
export async function resultFreshness(job: Job, variant: string, ifNoneMatch: string | undefined) {
  const etag = await resultEtag(job, variant);
  if (!etag) return { headers: {}, notModified: false };
  const headers = { ETag: etag, "Cache-Control": "private, no-cache" };
  return { headers, notModified: etagMatches(ifNoneMatch, etag) };
}
