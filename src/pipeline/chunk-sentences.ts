import type { SourceSentence } from "../engines/types";
import { countWords } from "../engines/words";

/**
 * Groups consecutive source sentences into chunks of about `maxWords` words. Cuts fall only between
 * sentences, so no sentence is split, duplicated or lost at a seam; a single sentence longer than the budget
 * forms a chunk of its own.
 */
export function chunkSentences(sentences: SourceSentence[], maxWords: number): SourceSentence[][] {
  const chunks: SourceSentence[][] = [];
  let current: SourceSentence[] = [];
  let words = 0;
  for (const sentence of sentences) {
    const size = countWords(sentence.text);
    if (current.length > 0 && words + size > maxWords) {
      chunks.push(current);
      current = [];
      words = 0;
    }
    current.push(sentence);
    words += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
