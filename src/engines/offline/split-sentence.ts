import type { SentenceSettings } from "../types";
import { countWords } from "../words";
import { normalizeSpaces } from "./normalize-spaces";
import { gapRanks, protectQuotes, RANK, type WordUnit, wordUnits } from "./word-units";

/** A run of word units [start, end). */
type Span = [start: number, end: number];

const DIALOGUE_LINE = /^\s*[—–]/u;

/**
 * The best gap to cut units [a, b) at, or -1. In order: both pieces at least `min` words (when some cut
 * allows it), the best rank, no more pieces than the length requires, then closest to the balanced position.
 */
function bestCut(ranks: number[], a: number, b: number, limit: number, min: number): number {
  const pieces = Math.ceil((b - a) / limit);
  const target = a + Math.round(((b - a) * Math.floor(pieces / 2)) / pieces);
  let best = -1;
  let bestScore = -Infinity;
  for (let gap = a + 1; gap < b; gap++) {
    const rank = ranks[gap] ?? RANK.never;
    if (rank < 0) continue;
    const fits = gap - a >= min && b - gap >= min ? 1 : 0;
    const efficient = Math.ceil((gap - a) / limit) + Math.ceil((b - gap) / limit) === pieces ? 1 : 0;
    // The criteria in order of weight; the distance to the target stays below 2^20 words.
    const score = fits * 2 ** 25 + rank * 2 ** 22 + efficient * 2 ** 21 - Math.abs(gap - target);
    if (score > bestScore) {
      best = gap;
      bestScore = score;
    }
  }
  return best;
}

/**
 * How many words a piece may run over the limit rather than be cut badly (inside a noun phrase, after a
 * determiner or preposition): a few, growing with the limit.
 */
export function overLimitSlack(limit: number): number {
  return Math.min(3, Math.max(1, Math.round(limit / 4)));
}

function cutSpans(ranks: number[], span: Span, limit: number, min: number, into: Span[]): Span[] {
  const [a, b] = span;
  let gap = b - a > limit ? bestCut(ranks, a, b, limit, min) : -1;
  if (gap >= 0 && (ranks[gap] ?? RANK.never) < RANK.phrase && b - a <= limit + overLimitSlack(limit))
    gap = -1;
  if (gap < 0) {
    into.push(span);
  } else {
    cutSpans(ranks, [a, gap], limit, min, into);
    cutSpans(ranks, [gap, b], limit, min, into);
  }
  return into;
}

const size = (span: Span | undefined): number => (span === undefined ? Infinity : span[1] - span[0]);

/**
 * Merges pieces under `min` words into the smaller neighbour, but only when the result stays within the
 * limit: a short piece is a lesser harm to a learner than a sentence over the limit they asked for.
 */
function mergeFragments(spans: Span[], limit: number, min: number): Span[] {
  const merged = [...spans];
  let i = 0;
  while (i < merged.length) {
    const own = size(merged[i]);
    const left = own + size(merged[i - 1]);
    const right = own + size(merged[i + 1]);
    const into = left <= right ? i - 1 : i + 1;
    if (own >= min || Math.min(left, right) > limit) {
      i++;
      continue;
    }
    const [first, second] = into < i ? [merged[into]!, merged[i]!] : [merged[i]!, merged[into]!];
    merged.splice(Math.min(i, into), 2, [first[0], second[1]]);
    i = Math.max(0, Math.min(i, into) - 1);
  }
  return merged;
}

function spanText(text: string, units: WordUnit[], [a, b]: Span): string {
  return normalizeSpaces(text.slice(units[a]!.start, units[b - 1]!.end));
}

/**
 * Splits a sentence longer than the limit at its best boundaries (see `RANK`: ";" ":", then "," and other
 * inner punctuation, then before a conjunction or relative opening a clause, then before a phrase), recursively,
 * and merges short pieces back. When only a bad cut is left (inside a noun phrase, after a determiner,
 * preposition, clitic or conjunction), a piece up to `overLimitSlack` words over the limit stays whole. Words
 * are never dropped, added or reordered; only whitespace is normalised, in both `preserveFormatting` modes.
 * With `ignoreDialogue`, quoted speech and dash dialogue lines are never cut.
 */
export function splitSentence(text: string, settings: SentenceSettings): string[] {
  const limit = Math.max(1, settings.sentenceLengthLimit);
  const min = Math.min(settings.minSentenceLength, limit);
  if (countWords(text) <= limit) {
    const whole = normalizeSpaces(text);
    return whole === "" ? [] : [whole];
  }
  const units = wordUnits(text);
  const ranks = gapRanks(text, units);
  if (settings.ignoreDialogue) protectQuotes(text, units, ranks, DIALOGUE_LINE.test(text));
  const spans = mergeFragments(cutSpans(ranks, [0, units.length], limit, min, []), limit, min);
  return spans.map((span) => spanText(text, units, span));
}
