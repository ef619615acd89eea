import type { OutputSentence, SourceSentence } from "./types";

/** An output sentence cut from `source`: its page, index and chapter carried over. */
export function outputOf(source: SourceSentence, text: string, fallback = false): OutputSentence {
  const output = { text, page: source.page, sourceIndex: source.index, fallback };
  return source.chapter === undefined ? output : { ...output, chapter: source.chapter };
}
