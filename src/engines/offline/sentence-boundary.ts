/**
 * Decides whether a run of final punctuation (. ? ! … ...) ends a French sentence, looking at the word before
 * it and the first letter after it.
 */
import { ABBREVIATIONS } from "./french-lexicon";

/**
 * Closing quotes and brackets (after optional spaces, French style) and markup ending the sentence with it.
 */
const TAIL = /(?:[ \u00A0\u202F]*[»”)\]]|["'’*_^]|[.?!…])*/y;
/** Openers, dashes and markup skipped to reach the first character of what follows. */
const NEXT = /[\s«“"'‘([—–\-*_^]*(.?)/suy;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{N}/u;
const SPACE = /\s/u;
/** Leading openers and inline markup (pandoc "M^me^", "*italics*") stripped before an abbreviation lookup. */
const NOISE = /^[«“"'‘([—–\-*_]+|[*_^]/gu;
/** Initials: "J", "J.-J", "A.B" (the final period is the candidate itself). */
const INITIALS = /^(?:\p{Lu}\.-?)*\p{Lu}$/u;

/** Punctuation that continues a sentence ("convis^[Invitations.] , etc. ;"). */
const CONTINUING = /[,;:)\]}»”]/u;

type Next = "upper" | "lower" | "digit" | "continuing" | "other" | "end";

function nextKind(text: string, from: number): Next {
  NEXT.lastIndex = from;
  const char = NEXT.exec(text)?.[1] ?? "";
  if (char === "") return "end";
  if (UPPER.test(char)) return "upper";
  if (LOWER.test(char)) return "lower";
  if (CONTINUING.test(char)) return "continuing";
  return DIGIT.test(char) ? "digit" : "other";
}

function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && !SPACE.test(text[start - 1] ?? " ")) start--;
  return text.slice(start, end).replace(NOISE, "");
}

/** True when the word before a period is an abbreviation or initial that a name or number usually follows. */
function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word) || (INITIALS.test(word) && word !== "J.-C");
}

/**
 * Where the sentence ends if the punctuation run text[start, end) closes it (past closing quotes), or -1.
 * Never before a lowercase word ("s'écria-t-il") or inner punctuation; "?" and "!" otherwise do end it, an
 * ellipsis only before an uppercase letter, a period unless it closes an abbreviation, an initial or a number
 * ("1.5").
 */
export function sentenceEndAt(text: string, start: number, end: number): number {
  TAIL.lastIndex = end;
  TAIL.exec(text);
  const tailEnd = TAIL.lastIndex;
  if (tailEnd < text.length && !SPACE.test(text[tailEnd] ?? "")) return -1;
  const next = nextKind(text, tailEnd);
  if (next === "end") return tailEnd;
  if (next === "lower" || next === "continuing") return -1;
  const run = text.slice(start, end);
  if (/[?!]/.test(run)) return tailEnd;
  if (run.length > 1 || run === "…") return next === "upper" ? tailEnd : -1;
  return isAbbreviation(wordBefore(text, start)) ? -1 : tailEnd;
}

/** True when a line starting with a dash is a new speaker's line rather than a wrapped incise. */
export function startsDialogueLine(text: string, newline: number, dash: number): boolean {
  if (nextKind(text, dash) === "upper") return true;
  let before = newline - 1;
  while (before >= 0 && SPACE.test(text[before] ?? "")) before--;
  return /[.?!…»”]/.test(text[before] ?? ".");
}
