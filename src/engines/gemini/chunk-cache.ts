import { z } from "zod";
import { describeError, log } from "../../lib/logger";
import { outputOf } from "../output";
import { noUsage, sentenceStats } from "../stats";
import type { EngineResult, OutputSentence, SentenceSettings, SourceSentence } from "../types";

/** Where the engine keeps chunk results: the RESULT_CACHE namespace and CACHE_TTL_SECONDS. */
export interface ChunkCache {
  kv: KVNamespace;
  ttlSeconds: number;
}

/**
 * Stored value: each output sentence as [position of its source within the chunk, text]. Positions, not
 * indices or pages, so the same text elsewhere (another document, another chunk) reuses the answer.
 */
const storedChunk = z.array(z.tuple([z.number().int().nonnegative(), z.string()]));

/**
 * Returns the cached result for `key`, or computes and stores it. Only results made entirely by Gemini are
 * stored: a fallback came from a passing failure and must not be served for a whole TTL. A hit reports no
 * usage. KV errors never fail the chunk.
 */
export async function withChunkCache(
  cache: ChunkCache,
  key: string,
  sentences: SourceSentence[],
  settings: SentenceSettings,
  compute: () => Promise<EngineResult>,
): Promise<EngineResult> {
  const hit = await read(cache.kv, key, sentences);
  if (hit) {
    const texts = sentences.map((s) => s.text);
    return { sentences: hit, stats: sentenceStats(texts, hit, settings), usage: noUsage() };
  }
  const result = await compute();
  if (result.usage.calls > 0 && !result.sentences.some((s) => s.fallback)) {
    const position = new Map(sentences.map((s, at) => [s.index, at]));
    const value = result.sentences.map((s) => [position.get(s.sourceIndex) ?? 0, s.text]);
    try {
      await cache.kv.put(key, JSON.stringify(value), { expirationTtl: cache.ttlSeconds });
    } catch (error) {
      log("warn", "chunk cache write failed", describeError(error));
    }
  }
  return result;
}

async function read(
  kv: KVNamespace,
  key: string,
  sentences: SourceSentence[],
): Promise<OutputSentence[] | null> {
  let raw: unknown;
  try {
    raw = await kv.get(key, "json");
  } catch (error) {
    log("warn", "chunk cache read failed", describeError(error));
    return null;
  }
  const parsed = storedChunk.safeParse(raw);
  if (!parsed.success) return null;
  const output: OutputSentence[] = [];
  for (const [at, text] of parsed.data) {
    const source = sentences[at];
    if (!source) return null;
    output.push(outputOf(source, text));
  }
  return output;
}
