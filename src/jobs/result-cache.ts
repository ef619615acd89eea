import type { JobWarning } from "../db/schema";
import type { SentenceStats } from "../engines/types";
import type { CleanReport } from "../pdf/clean-pages";

/** A job's counts: the engines' sums, and what the clean-up removed before them (text pages only). */
export type JobStats = SentenceStats & Partial<CleanReport>;

/**
 * What the KV cache holds for a finished document: a pointer at the stored result (never the sentences
 * themselves, which can be megabytes), so an identical upload completes at once without engine calls.
 */
export interface CachedResult {
  jobId: string;
  resultPrefix: string;
  chunkCounts: number[];
  sentenceCount: number;
  pageCount: number;
  stats: JobStats;
  warnings?: JobWarning[];
}

/** Publishes a finished result under its cache key for `ttlSeconds` (KV's minimum TTL is 60 s). */
export async function announceResult(kv: KVNamespace, key: string, ttlSeconds: number, result: CachedResult) {
  await kv.put(key, JSON.stringify(result), { expirationTtl: Math.max(60, ttlSeconds) });
}

/** The cached result for a key, if any. */
export async function lookupResult(kv: KVNamespace, key: string): Promise<CachedResult | null> {
  return kv.get<CachedResult>(key, "json");
}

/** Withdraws a cached result (its job was deleted, so its objects are going away). */
export async function forgetResult(kv: KVNamespace, key: string): Promise<void> {
  await kv.delete(key);
}
