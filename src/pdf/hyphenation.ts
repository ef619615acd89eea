/**
 * Rejoining words cut by a hyphen at a line end. A line-break hyphen ("cheva-|lier") must go, the hyphen of a
 * compound that happens to fall at a line end ("peut-|être", "Louis-|Antoine") must stay. A soft hyphen
 * (U+00AD) only ever marks a cut, so it is always joined.
 */
import { isCompoundPair, isDictionaryWord } from "../lib/french/dictionary";
import { FREE_COMPOUND_TAILS, IMPERATIVE_PRONOUNS, INVERTED_PRONOUNS } from "../lib/french/function-words";
import { verbForm } from "../lib/french/verbs";

/** Lowercase words and hyphenated pairs ("louis-antoine") seen inside lines of the document. */
export interface Vocabulary {
  words: Set<string>;
  compounds: Set<string>;
}

/** A line ending with a hyphen (or soft hyphen) right after a letter or digit. */
export const LINE_END_HYPHEN = /[\p{L}\p{N}][-\u2010\u00AD]$/u;

const NOT_WORD = /[^\p{L}\-\u2010]+/u;
const HYPHEN = /[-\u2010]/;

/** Collects the words and compounds used inside lines, to guide `joinHyphenated`. */
export function buildVocabulary(lines: string[]): Vocabulary {
  const words = new Set<string>();
  const compounds = new Set<string>();
  // Splitting is much faster than matching word by word; "\n" separates tokens, so none spans a line break.
  for (const token of lines.join("\n").toLowerCase().split(NOT_WORD)) {
    if (!token.includes("-") && !token.includes("\u2010")) {
      words.add(token);
      continue;
    }
    const parts = token.split(HYPHEN);
    for (let i = 0; i < parts.length; i++) {
      words.add(parts[i]!);
      if (i > 0 && parts[i] && parts[i - 1]) compounds.add(`${parts[i - 1]}-${parts[i]}`);
    }
  }
  return { words, compounds };
}

/** Joins `left` (ending with a hyphen, see LINE_END_HYPHEN) and the next line `right`. */
export function joinHyphenated(left: string, right: string, vocabulary: Vocabulary): string {
  const stem = left.slice(0, -1);
  if (left.endsWith("\u00AD")) return stem + right;
  // Only the end of `left` matters, and it can be a whole paragraph: look at its last few characters.
  const head = /\p{L}+$/u.exec(stem.slice(-48))?.[0];
  const tail = /^\p{L}+/u.exec(right)?.[0];
  if (!head || !tail) return `${stem}-${right}`;
  return keepsHyphen(head, tail, vocabulary) ? `${stem}-${right}` : stem + right;
}

/**
 * Whether a line-end hyphen between `head` and `tail` (the letters on each side) belongs to a compound. The
 * document decides when it uses only one of the two forms; then the dictionary's compounds, names (a capital
 * after the break), inverted pronouns after a verb that agrees ("dit-il", "crois-tu", "donne-moi", "a-t-il")
 * and free compounds ("ce jour-là"); every other cut is hyphenation, so the halves are joined.
 */
function keepsHyphen(head: string, tail: string, vocabulary: Vocabulary): boolean {
  const first = head.toLowerCase();
  const second = tail.toLowerCase();
  const seenCompound = vocabulary.compounds.has(`${first}-${second}`);
  if (seenCompound !== vocabulary.words.has(first + second)) return seenCompound;
  if (tail[0] !== second[0] || isCompoundPair(first, second)) return true;
  if (isDictionaryWord(first + second)) return false;
  if (FREE_COMPOUND_TAILS.has(second) || isInversion(first, second)) return true;
  // Two words that do not make one ("ex-ministre") are a compound the dictionary does not list.
  return isDictionaryWord(first) && isDictionaryWord(second);
}

/**
 * True when a line ending with a letter and the next line read as one word cut by a soft hyphen that the PDF
 * reader dropped ("se retour" / "nera"): the joined form is a word (of the dictionary or of the document)
 * and one of the halves is not. Two words ("par" / "tout") stay apart.
 */
export function isLostSoftHyphen(left: string, right: string, vocabulary: Vocabulary | null): boolean {
  const head = /\p{L}+$/u.exec(left.slice(-48))?.[0]?.toLowerCase();
  const tail = /^\p{Ll}+/u.exec(right)?.[0];
  if (!head || !tail || !/^\p{Ll}+(?:$|[\s,;:.!?…»)])/u.test(right)) return false;
  const joined = head + tail;
  if (!isDictionaryWord(joined) && !vocabulary?.words.has(joined)) return false;
  return !isDictionaryWord(head) || !isDictionaryWord(tail);
}

function isInversion(verb: string, pronoun: string): boolean {
  if (pronoun === "t") return verbForm(verb) !== null;
  if (verb === "t") return INVERTED_PRONOUNS.has(pronoun);
  const form = verbForm(verb);
  if (!form) return false;
  return (
    ((INVERTED_PRONOUNS.get(pronoun) ?? 0) & form.persons) !== 0 ||
    (form.imperative && IMPERATIVE_PRONOUNS.has(pronoun))
  );
}
