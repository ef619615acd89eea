import type { Engine, OutputSentence, SentenceSettings, SentenceStats, SourceSentence } from "../types";
import { countWords } from "../words";
import { splitSentence } from "./split-sentence";

/** Adds two chunks' stats. */
export function sumStats(a: SentenceStats, b: SentenceStats): SentenceStats {
  return {
    sentences: a.sentences + b.sentences,
    over_limit: a.over_limit + b.over_limit,
    fragments: a.fragments + b.fragments,
    words_in: a.words_in + b.words_in,
    words_out: a.words_out + b.words_out,
  };
}

/** Splits each source sentence on its own, keeping its page and index. */
function splitSources(sources: SourceSentence[], settings: SentenceSettings): OutputSentence[] {
  return sources.flatMap((source) =>
    splitSentence(source.text, settings).map((text) => ({
      text,
      page: source.page,
      sourceIndex: source.index,
      fallback: false,
    })),
  );
}

/** Counts what a chunk's rewrite produced against the settings it was asked for. */
export function sentenceStats(
  sources: SourceSentence[],
  outputs: OutputSentence[],
  settings: SentenceSettings,
): SentenceStats {
  const stats: SentenceStats = {
    sentences: outputs.length,
    over_limit: 0,
    fragments: 0,
    words_in: 0,
    words_out: 0,
  };
  for (const source of sources) stats.words_in += countWords(source.text);
  for (const output of outputs) {
    const count = countWords(output.text);
    stats.words_out += count;
    if (count > settings.sentenceLengthLimit) stats.over_limit++;
    if (count < settings.minSentenceLength) stats.fragments++;
  }
  return stats;
}

/** The deterministic engine that needs no model: rule-based splitting of French sentences. */
export function createOfflineEngine(): Engine {
  return {
    name: "offline",
    model: null,
    async rewrite(sentences, settings, signal) {
      signal?.throwIfAborted();
      const outputs = splitSources(sentences, settings);
      return {
        sentences: outputs,
        stats: sentenceStats(sentences, outputs, settings),
        usage: { input_tokens: 0, output_tokens: 0, calls: 0 },
      };
    },
  };
}
