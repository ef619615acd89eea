import { outputOf } from "../output";
import { noUsage, sentenceStats } from "../stats";
import type { Engine, OutputSentence, SentenceSettings, SourceSentence } from "../types";
import { splitSentence } from "./split-sentence";

/** Splits each source sentence on its own, keeping its page, index and chapter. */
function splitSources(sources: SourceSentence[], settings: SentenceSettings): OutputSentence[] {
  return sources.flatMap((source) =>
    splitSentence(source.text, settings).map((text) => outputOf(source, text)),
  );
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
        stats: sentenceStats(
          sentences.map((sentence) => sentence.text),
          outputs,
          settings,
        ),
        usage: noUsage(),
      };
    },
  };
}
