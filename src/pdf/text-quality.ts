/**
 * Cheap checks on extracted text. Fonts without a usable Unicode map come out as control, private-use or
 * replacement characters (or letters of an unrelated script); such text must never become sentences.
 */

const UNPRINTABLE = /(?![\n\t])[\p{Cc}\p{Co}\p{Cs}\p{Cn}\uFFFD]/gu;
const NON_SPACE = /\S/gu;
const LETTER = /\p{L}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;

/** Above this share of unprintable characters a page is garbage, not text with a few stray glyphs. */
const GARBLED_SHARE = 0.25;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** True when the text has letters and at most a small share of unprintable characters. */
export function isReadableText(text: string): boolean {
  const letters = count(text, LETTER);
  if (letters === 0) return false;
  return count(text, UNPRINTABLE) <= GARBLED_SHARE * count(text, NON_SPACE);
}

/** Removes control, private-use, unassigned and replacement characters (keeps newlines and tabs). */
export function stripUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, "");
}

/** Share of Latin-script letters among all letters (1 when there are no letters). */
export function latinLetterShare(text: string): number {
  const letters = count(text, LETTER);
  return letters === 0 ? 1 : count(text, LATIN_LETTER) / letters;
}
