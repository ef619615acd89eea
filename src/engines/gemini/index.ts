import { chunkCacheKey } from "../cache-keys";
import type { Engine } from "../types";
import { countWords } from "../words";
import { type ChunkCache, withChunkCache } from "./chunk-cache";
import { createGeminiCall, type GeminiClientOptions } from "./client";
import { PROMPT_VERSION } from "./prompt";
import { rewriteChunk } from "./rewrite";

export type { ChunkCache } from "./chunk-cache";
export type { GeminiClientOptions } from "./client";
export type { CallOutcome, GatePermit, GateRelease, GeminiGateClient } from "./gate-policy";
export { type GeminiTier, resolveGeminiModel } from "./models";
export { PROMPT_VERSION } from "./prompt";
export { type ScannedPagesInput, type ScannedPagesResult, transcribeScannedPages } from "./scanned";

export interface GeminiEngineOptions extends GeminiClientOptions {
  /** Splits what Gemini could not (the offline engine in production, a fake in tests). */
  fallback: Engine;
  /** Chunk results in KV; omitted, every chunk is computed. */
  cache?: ChunkCache;
  /** Least content-word overlap between a source sentence and its rewrite (0–1, default 0.6). */
  minOverlap?: number;
  /** Input characters per call before a chunk's over-limit sentences are split into several calls. */
  maxBatchChars?: number;
}

const DEFAULT_MIN_OVERLAP = 0.6;
const DEFAULT_MAX_BATCH_CHARS = 8_000;

/** The Gemini engine: rewrites only over-limit sentences, never loses one, caches by content. */
export function createGeminiEngine(options: GeminiEngineOptions): Engine {
  const deps = {
    call: createGeminiCall(options),
    fallback: options.fallback,
    minOverlap: options.minOverlap ?? DEFAULT_MIN_OVERLAP,
    maxBatchChars: options.maxBatchChars ?? DEFAULT_MAX_BATCH_CHARS,
  };
  return {
    name: "gemini",
    model: options.model,
    async rewrite(sentences, settings, signal) {
      const compute = () => rewriteChunk(deps, sentences, settings, signal);
      // A chunk with nothing over the limit makes no call, and only results of calls are cached.
      const needsGemini = sentences.some((s) => countWords(s.text) > settings.sentenceLengthLimit);
      if (!options.cache || !needsGemini) return compute();
      const key = await chunkCacheKey({
        sentences: sentences.map((s) => s.text),
        settings,
        engine: "gemini",
        model: options.model,
        promptVersion: PROMPT_VERSION,
      });
      return withChunkCache(options.cache, key, sentences, settings, compute);
    },
  };
}
