/**
 * Rejoining words cut by a hyphen at a line end. A line-break hyphen ("cheva-|lier") must go, the hyphen of a
 * compound that happens to fall at a line end ("peut-|être", "Louis-|Antoine") must stay. The document itself
 * is the best dictionary: if the joined or the hyphenated form appears elsewhere inside a line, follow it.
 * Otherwise: a capital after the break keeps the hyphen (names), so do the usual second halves of compounds
 * (clitic pronouns, "-ci", "-là", "-même", "-être", numbers); any other lowercase continuation is joined.
 */

/** Lowercase words and hyphenated pairs ("louis-antoine") seen inside lines of the document. */
export interface Vocabulary {
  words: Set<string>;
  compounds: Set<string>;
}

/** A line ending with a hyphen (or soft hyphen) right after a letter or digit. */
export const LINE_END_HYPHEN = /[\p{L}\p{N}][-\u2010\u00AD]$/u;

const NOT_WORD = /[^\p{L}\-\u2010]+/u;
const HYPHEN = /[-\u2010]/;

const COMPOUND_HEADS = new Set(["à", "après", "avant", "demi", "grand", "grande"]);
const COMPOUND_TAILS = new Set([
  ..."je tu il ils elle elles on nous vous moi toi lui ci là à même mêmes être".split(" "),
  ..."dessus dessous devant delà dedans dehors".split(" "),
  ..."deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split(" "),
  ..."vingt vingts trente quarante cinquante soixante".split(" "),
]);

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

function keepsHyphen(head: string, tail: string, vocabulary: Vocabulary): boolean {
  const first = head.toLowerCase();
  const second = tail.toLowerCase();
  if (vocabulary.compounds.has(`${first}-${second}`)) return true;
  if (vocabulary.words.has(first + second)) return false;
  if (tail[0] !== second[0]) return true;
  return COMPOUND_HEADS.has(first) || COMPOUND_TAILS.has(second);
}
