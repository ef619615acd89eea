import type { EngineUsage, OutputSentence, SentenceSettings, SentenceStats } from "../types";
import { countWords } from "../words";

/** Counts a chunk's output against its settings. */
export function sentenceStats(
  sourceTexts: readonly string[],
  output: readonly OutputSentence[],
  settings: SentenceSettings,
): SentenceStats {
  const stats: SentenceStats = {
    sentences: output.length,
    over_limit: 0,
    fragments: 0,
    words_in: 0,
    words_out: 0,
  };
  for (const text of sourceTexts) stats.words_in += countWords(text);
  for (const sentence of output) {
    const count = countWords(sentence.text);
    stats.words_out += count;
    if (count > settings.sentenceLengthLimit) stats.over_limit++;
    if (count < settings.minSentenceLength) stats.fragments++;
  }
  return stats;
}

/** No tokens, no calls. */
export function noUsage(): EngineUsage {
  return { input_tokens: 0, output_tokens: 0, calls: 0 };
}

/** Sums usages. */
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
