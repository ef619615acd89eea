/**
 * Words of the dictionary (data/word-paradigms.ts, every plain lower-case form of Grammalecte's dictionary)
 * and its hyphenated compounds (data/compounds.ts), to tell a compound cut at its hyphen at a line end
 * ("toute-⏎puissance") from a word cut by hyphenation ("retour-⏎nera").
 */
import { COMPOUND_PAIRS } from "./data/compounds";
import { WORD_PARADIGMS } from "./data/word-paradigms";
import { paradigmIndex } from "./paradigms";

const words = paradigmIndex(WORD_PARADIGMS);
let pairs: ReadonlySet<string> | null = null;

/** True when "head-tail" (lowercase letters on each side of a hyphen) occurs in a dictionary compound. */
export function isCompoundPair(head: string, tail: string): boolean {
  pairs ??= new Set(COMPOUND_PAIRS.split(" "));
  return pairs.has(`${head}-${tail}`);
}

/** True when a lower-case word (letters only) is a form of the dictionary. */
export function isDictionaryWord(word: string): boolean {
  return words.slotsOf(word).length > 0;
}
