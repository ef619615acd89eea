import type { Job } from "../../db/schema";

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
  const identity = [REPRESENTATION_VERSION, job.id, job.filename, job.resultPrefix, variant].join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(identity));
  const hex = Array.from(new Uint8Array(digest).subarray(0, 16), (byte) =>
    byte.toString(16).padStart(2, "0"),
  );
  return `"${hex.join("")}"`;
}

/** `If-None-Match` against a tag, with the weak comparison RFC 9110 (13.1.2) asks for; `*` matches any. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => opaque(tag) === opaque(etag));
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
