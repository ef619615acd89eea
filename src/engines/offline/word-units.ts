/**
 * A sentence seen as a row of word units: one word each, with the punctuation tokens around it attached (";",
 * "»" and "," to the word before; "«", "(" and dashes to the word after), so a cut between units never
 * strands punctuation. Each gap between two units gets a rank saying how good a place it is to cut.
 */
import {
  bareToken,
  DETERMINERS,
  isDanglingWord,
  lastElement,
  PREPOSITIONS,
  SUBJECT_PRONOUNS,
} from "../../lib/french/function-words";
import { isFiniteVerb } from "../../lib/french/verbs";
import { words } from "../words";
import { CLAUSE_LEADS, CLAUSE_STARTS, ELIDED_CLAUSE_STARTS } from "./french-lexicon";

export interface WordUnit {
  /** Offsets of the unit in the sentence text. */
  start: number;
  end: number;
  /** The word's token (punctuation glued to it, as in "ans,", included). */
  word: string;
}

/**
 * Cut ranks, higher is better: after ";" or ":", after a comma (or "?" "!" "…" inside the sentence), before a
 * conjunction or relative opening a clause with a verb, before a phrase (a preposition, a determiner, a
 * subject pronoun, a conjunction without a verb), between two content words (inside a noun phrase, say), and
 * last after a word that cannot end a piece (a determiner, preposition, clitic or conjunction). `never` marks
 * a gap inside quoted speech kept whole.
 */
export const RANK = {
  clause: 5,
  comma: 4,
  conjunction: 3,
  phrase: 2,
  word: 1,
  dangling: 0,
  never: -1,
} as const;

/** How far after a conjunction a finite verb shows that it opens a clause. */
const CLAUSE_VERB_WINDOW = 6;

const TOKEN = /\S+/gu;
const OPENERS = '«“‘„"([{—–-';
/** Closing quotes, brackets, markup and spaces between a word and its final punctuation. */
const CLOSERS = "»”’\"')]}*_^ \u00A0\u202F";

/** Splits a sentence into word units; a text without words gives no units. */
export function wordUnits(text: string): WordUnit[] {
  // Tokens come in the order `words` returns the words, and a word never equals a token without one.
  const wordTokens = words(text);
  const units: WordUnit[] = [];
  let pending = -1;
  let lastEnd = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const token = match[0];
    const start = match.index;
    lastEnd = start + token.length;
    const last = units.at(-1);
    if (token === wordTokens[units.length]) {
      units.push({ start: pending >= 0 ? pending : start, end: lastEnd, word: token });
      pending = -1;
    } else if (pending < 0) {
      if (last !== undefined && !OPENERS.includes(token[0] ?? "")) last.end = lastEnd;
      else pending = start;
    }
  }
  const last = units.at(-1);
  if (last !== undefined && pending >= 0) last.end = lastEnd;
  return units;
}

/** The word lowercased, with a plain apostrophe ("qu’il" → "qu'il"). */
function bareWord(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes("’") ? lower.replaceAll("’", "'") : lower;
}

function startsClause(word: string): boolean {
  return CLAUSE_STARTS.has(word) || ELIDED_CLAUSE_STARTS.some((prefix) => word.startsWith(prefix));
}

/** How good a cut is after this unit, judged by its final punctuation (behind closing quotes). */
function punctuationRank(text: string, unit: WordUnit): number {
  let at = unit.end - 1;
  while (at > unit.start && CLOSERS.includes(text[at] ?? "")) at--;
  const ending = text[at] ?? "";
  if (ending === ";" || ending === ":") return RANK.clause;
  // "?" "!" "…" inside a sentence close an exclamation or a hesitation; "." there is mostly an abbreviation.
  return ",?!…".includes(ending) ? RANK.comma : RANK.word;
}

/** Whether a finite verb follows unit `i` closely enough to make it open a clause. */
function verbFollows(units: WordUnit[], i: number): boolean {
  return units.slice(i + 1, i + 1 + CLAUSE_VERB_WINDOW).some((unit) => isFiniteVerb(unit.word));
}

/** The rank of a gap without punctuation, from the words on each side. */
function wordRank(before: WordUnit, after: WordUnit): number {
  const verb = isFiniteVerb(after.word);
  // A subject pronoun stays with its verb ("nous | partirons"), as any function word with what follows.
  if (isDanglingWord(before.word) || (verb && SUBJECT_PRONOUNS.has(bareToken(before.word))))
    return RANK.dangling;
  const next = lastElement(bareToken(after.word));
  const opensPhrase = PREPOSITIONS.has(next) || DETERMINERS.has(next) || SUBJECT_PRONOUNS.has(next) || verb;
  return opensPhrase ? RANK.phrase : RANK.word;
}

/** `ranks[i]` rates a cut between unit i-1 and unit i (`ranks[0]` is unused). */
export function gapRanks(text: string, units: WordUnit[]): number[] {
  const ranks: number[] = units.map(() => RANK.word);
  for (let i = 1; i < units.length; i++) {
    const unit = units[i]!;
    let rank = punctuationRank(text, units[i - 1]!);
    if (OPENERS.includes(text[unit.start] ?? "")) rank = Math.max(rank, RANK.comma);
    // A comma after "qui" or "que" opens an incise inside the clause: no place to cut.
    if (rank === RANK.comma && isDanglingWord(units[i - 1]!.word)) rank = RANK.dangling;
    ranks[i] = rank === RANK.word ? wordRank(units[i - 1]!, unit) : rank;
  }
  for (let i = 1; i < units.length; i++) {
    if (!startsClause(bareWord(units[i]!.word))) continue;
    // The clause starts with the word that leads it in: "parce que", "ce qui", "de qui", "et que".
    const before = units[i - 1]!.word;
    const leads = CLAUSE_LEADS.has(bareWord(before)) || (isDanglingWord(before) && !/[,;:]$/u.test(before));
    const lead = leads && i > 1 ? i - 1 : i;
    const rank = verbFollows(units, i) ? RANK.conjunction : RANK.phrase;
    ranks[lead] = Math.max(ranks[lead]!, rank);
  }
  return ranks;
}

/**
 * Marks gaps inside quoted speech as never cut: « … » and “ … ”, an unmatched mark quoting up to the
 * sentence's edge, and a dash dialogue line (`opensQuoted`) up to its closing » if it has one, else whole.
 */
export function protectQuotes(text: string, units: WordUnit[], ranks: number[], opensQuoted: boolean): void {
  let depth = opensQuoted ? 1 : 0;
  let lastUnmatchedClose = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (i > 0 && depth > 0) ranks[i] = RANK.never;
    for (const char of text.slice(unit.start, unit.end)) {
      if (char === "«" || char === "“") depth++;
      else if (char === "»" || char === "”") depth--;
    }
    if (depth < 0) {
      lastUnmatchedClose = i;
      depth = 0;
    }
  }
  for (let i = 1; i <= lastUnmatchedClose; i++) ranks[i] = RANK.never;
}
