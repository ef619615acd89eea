import { isFiniteVerb } from "../lib/french/verbs";

/** Sentence-final punctuation, possibly inside closing quotes or brackets. */
const SENTENCE_END = /[.!?…][»”"’')\]\s]*$/u;

/**
 * True when a line reads as running text rather than layout (a running head, a heading, a table of contents
 * entry): it ends like a sentence, or one of its lowercase words is a finite verb. Capitalised words are left
 * out: in a title ("Le Comte de Monte-Cristo") they are names, not verbs.
 */
export function readsAsProse(line: string): boolean {
  if (SENTENCE_END.test(line)) return true;
  return line.split(/\s+/u).some((token) => /^[^\p{Lu}]*\p{Ll}/u.test(token) && isFiniteVerb(token));
}
