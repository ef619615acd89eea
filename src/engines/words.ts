/** A word is a whitespace-separated token holding at least one letter or digit ("l'homme" is one word). */
const WORD = /[\p{L}\p{N}]/u;

/** Splits text into the words a learner counts, in order. */
export function words(text: string): string[] {
  return text.split(/\s+/u).filter((token) => WORD.test(token));
}

/** Counts words the way the sentence length limit is applied. */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/u)) if (WORD.test(token)) count++;
  return count;
}
