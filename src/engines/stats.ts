import type { EngineUsage, OutputSentence, SentenceSettings, SentenceStats } from "./types";
import { countWords } from "./words";

/** Counts a chunk's output against the settings it was asked for; every engine reports the same way. */
export function sentenceStats(
  sourceTexts: readonly string[],
  outputs: readonly OutputSentence[],
  settings: SentenceSettings,
): SentenceStats {
  const stats = noStats();
  stats.sentences = outputs.length;
  for (const text of sourceTexts) stats.words_in += countWords(text);
  for (const output of outputs) {
    const count = countWords(output.text);
    stats.words_out += count;
    if (count > settings.sentenceLengthLimit) stats.over_limit++;
    if (count < settings.minSentenceLength) stats.fragments++;
  }
  return stats;
}

/** Nothing counted yet. */
export function noStats(): SentenceStats {
  return { sentences: 0, over_limit: 0, fragments: 0, words_in: 0, words_out: 0 };
}

/** No tokens, no calls. */
export function noUsage(): EngineUsage {
  return { input_tokens: 0, output_tokens: 0, calls: 0 };
}

/** Sums stats, field by field. */
export function sumStats(...all: SentenceStats[]): SentenceStats {
  return all.reduce(
    (sum, stats) => ({
      sentences: sum.sentences + stats.sentences,
      over_limit: sum.over_limit + stats.over_limit,
      fragments: sum.fragments + stats.fragments,
      words_in: sum.words_in + stats.words_in,
      words_out: sum.words_out + stats.words_out,
    }),
    noStats(),
  );
}

/** Sums usages, field by field. */
export function addUsage(...usages: EngineUsage[]): EngineUsage {
  return usages.reduce(
    (sum, usage) => ({
      input_tokens: sum.input_tokens + usage.input_tokens,
      output_tokens: sum.output_tokens + usage.output_tokens,
      calls: sum.calls + usage.calls,
    }),
    noUsage(),
  );
}
