/** A whitespace run, or a lone whitespace character other than a space or a no-break space. */
const UNTIDY_SPACE = /\s{2,}|[^\S \u00A0\u202F]/gu;

/**
 * Collapses each whitespace run (line breaks included) to one space and trims, keeping a lone no-break space
 * (French typography puts one before ; : ! ? » and after «).
 */
export function normalizeSpaces(text: string): string {
  return text.replace(UNTIDY_SPACE, " ").trim();
}
