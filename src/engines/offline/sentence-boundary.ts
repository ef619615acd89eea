/**
 * Decides whether a run of final punctuation (. ? ! … ...) ends a French sentence, looking at the word before
 * it and at what follows.
 */
import { HEADING_WORDS, NAME_ABBREVIATIONS, NUMBER_ABBREVIATIONS, SENTENCE_OPENERS } from "./french-lexicon";

/** Abbreviations in force for one document: the built-in ones and the user's own (lower case, no period). */
export interface Abbreviations {
  names: ReadonlySet<string>;
  numbers: ReadonlySet<string>;
}

/** The built-in abbreviations plus `extra` ("réf.", "LL. AA", "Bd"): each word of an entry, any case. */
export function abbreviationsWith(extra: readonly string[] = []): Abbreviations {
  const own = extra.flatMap((entry) => entry.toLowerCase().split(/[\s.]+/u)).filter((word) => word !== "");
  return { names: new Set([...NAME_ABBREVIATIONS, ...own]), numbers: NUMBER_ABBREVIATIONS };
}

/**
 * Closing quotes and brackets (after optional spaces, French style), markup and footnote markers ("[4]",
 * superscripts) that end the sentence with it.
 */
const TAIL = /(?:[ \u00A0\u202F]*[»”)\]]|["'’*_^]|[.?!…]|\[\d{1,3}\]|[\u00B9\u00B2\u00B3\u2070-\u2079]+)*/uy;
/** A footnote number glued to the period ("mort.1 Il"), only after a word, not inside "1.5". */
const GLUED_NOTE = /\d{1,3}(?=\s+[«“"]?\p{Lu})/uy;
/** Openers, dashes and markup skipped to reach the first word of what follows. */
const NEXT = /[\s«“"'‘([—–\-*_^]*(\S*)/suy;
const UPPER = /^\p{Lu}/u;
const LOWER = /^\p{Ll}/u;
const DIGIT = /^\p{N}/u;
const ROMAN = /^[IVXLCDM]+\b/u;
const SPACE = /\s/u;
/** Leading openers and inline markup (pandoc "M^me^", "*italics*") stripped before an abbreviation lookup. */
const NOISE = /^[«“"'‘([—–\-*_]+|[*_^]/gu;
/** Initials: "J", "J.-J", "A.B"; dotted abbreviations: "LL.AA.II.RR", "S.A.R.L", "i.e" (final period apart). */
const INITIALS = /^(?:\p{Lu}\.-?)*\p{Lu}$|^(?:\p{L}{1,3}\.-?)+\p{L}{1,3}$/u;
const VOWEL = /[aeiouyàâäéèêëîïôöùûüœæ]/iu;
/** Punctuation that continues a sentence ("convis^[Invitations.] , etc. ;"). */
const CONTINUING = /^[,;:)\]}»”]/u;
const HEADING_NUMBER = /^(?:\d+|[IVXLCDM]+|premier|première|unique)$/iu;

type Next = "upper" | "lower" | "number" | "continuing" | "other" | "end";

function nextWord(text: string, from: number): string {
  NEXT.lastIndex = from;
  return NEXT.exec(text)?.[1] ?? "";
}

function kindOf(word: string): Next {
  if (word === "") return "end";
  if (DIGIT.test(word) || ROMAN.test(word)) return "number";
  if (UPPER.test(word)) return "upper";
  if (LOWER.test(word)) return "lower";
  return CONTINUING.test(word) ? "continuing" : "other";
}

function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && !SPACE.test(text[start - 1] ?? " ")) start--;
  return text.slice(start, end).replace(NOISE, "");
}

/** Where the punctuation's tail (quotes, brackets, footnote markers) ends, or -1 when a word is glued to it. */
function tailEnd(text: string, end: number): number {
  TAIL.lastIndex = end;
  TAIL.exec(text);
  let at = TAIL.lastIndex;
  if (at === end && /\p{L}/u.test(text[end - 2] ?? "")) {
    GLUED_NOTE.lastIndex = end;
    if (GLUED_NOTE.exec(text)) at = GLUED_NOTE.lastIndex;
  }
  return at < text.length && !SPACE.test(text[at] ?? "") ? -1 : at;
}

/** "Chapitre 1." / "PARTIE II.": the sentence so far is a heading word and its number. */
function isHeadingNumber(text: string, from: number, start: number): boolean {
  const [keyword = "", number = "", ...rest] = text.slice(from, start).trim().split(/\s+/u);
  return rest.length === 0 && HEADING_WORDS.has(keyword.toLowerCase()) && HEADING_NUMBER.test(number);
}

/** What a single period after `word` means before a word of kind `next`. */
function periodEnds(word: string, next: Next, nextText: string, abbreviations: Abbreviations): boolean {
  const lower = word.toLowerCase();
  const initials = INITIALS.test(word) && word !== "J.-C";
  if (next === "number")
    return !abbreviations.names.has(lower) && !abbreviations.numbers.has(lower) && !initials;
  if (next !== "lower") return !abbreviations.names.has(lower) && !initials;
  // Before a lower-case word only a plain word ends the sentence, and only if a new one clearly starts.
  const letters = lower.replace(/^.*['’]/u, "").replace(/[^\p{L}]/gu, "");
  const opener = nextText.toLowerCase().replace(/['’].*$/u, "'");
  return (
    letters.length >= 2 &&
    VOWEL.test(letters) &&
    lower !== "etc" &&
    !abbreviations.names.has(lower) &&
    !abbreviations.numbers.has(lower) &&
    !initials &&
    SENTENCE_OPENERS.has(opener.replace(/[^\p{L}']/gu, ""))
  );
}

/**
 * Where the sentence that began at `from` ends if the punctuation run text[start, end) closes it (past
 * closing quotes and footnote markers), or -1. "?" and "!" end it unless a lower-case word or inner
 * punctuation follows ("s'écria-t-il"); an ellipsis only before an upper-case letter, never inside brackets
 * ("(...)"); a period unless it closes an abbreviation, an initial, a number ("1.5") or a heading's number
 * ("Chapitre 1. Introduction"), and before a lower-case word only when a new sentence clearly starts.
 */
export function sentenceEndAt(
  text: string,
  from: number,
  start: number,
  end: number,
  abbreviations: Abbreviations,
): number {
  const run = text.slice(start, end);
  const ellipsis = run.length > 1 || run === "…";
  if (ellipsis && /[([]$/u.test(text.slice(0, start)) && /^[)\]]/u.test(text.slice(end))) return -1;
  const at = tailEnd(text, end);
  if (at < 0) return -1;
  const following = nextWord(text, at);
  const next = kindOf(following);
  if (next === "end") return at;
  if (next === "continuing") return -1;
  if (/[?!]/.test(run)) return next === "lower" ? -1 : at;
  if (ellipsis) return next === "upper" ? at : -1;
  if (next !== "lower" && isHeadingNumber(text, from, start)) return -1;
  return periodEnds(wordBefore(text, start), next, following, abbreviations) ? at : -1;
}

/** True when a line starting with a dash is a new speaker's line rather than a wrapped incise. */
export function startsDialogueLine(text: string, newline: number, dash: number): boolean {
  if (kindOf(nextWord(text, dash)) === "upper") return true;
  let before = newline - 1;
  while (before >= 0 && SPACE.test(text[before] ?? "")) before--;
  return /[.?!…»”]/.test(text[before] ?? ".");
}
