import type { PageText, SourceSentence } from "../types";
import { countWords } from "../words";
import { normalizeSpaces } from "./normalize-spaces";
import { sentenceEndAt, startsDialogueLine } from "./sentence-boundary";

/**
 * Candidate sentence ends: a run of final punctuation, a blank line (a paragraph always ends a sentence), or
 * a line break before a dialogue dash ("-" only when a space follows, so a line-break hyphen never counts).
 */
const CANDIDATE = /[.?!…]+|\n[ \t\r\u00A0\u202F]*(?:(\n)|([—–]|-(?=[ \u00A0\u202F])))/gu;
const LEADING_SPACE = /\s*/uy;
const BLANK_LINE = /\n[^\S\n]*\n/u;

/** Options of `segmentSentences`. */
export interface SegmentOptions {
  /** Number of the first sentence (for a document segmented in several calls). */
  startIndex?: number;
}

/** Offsets in the joined text where each sentence ends (exclusive); the last one is the text's end. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
    const start = match.index;
    if (match[1] !== undefined) {
      ends.push(start);
    } else if (match[2] !== undefined) {
      const dash = start + match[0].length - match[2].length;
      if (startsDialogueLine(text, start, dash)) ends.push(start);
      CANDIDATE.lastIndex = dash;
    } else {
      const end = sentenceEndAt(text, start, start + match[0].length);
      if (end >= 0) {
        ends.push(end);
        CANDIDATE.lastIndex = end;
      }
    }
  }
  ends.push(text.length);
  return ends;
}

interface JoinedPages {
  text: string;
  /** Offset in `text` where each page starts, and that page's number. */
  starts: number[];
  numbers: number[];
}

/**
 * Joins trimmed page texts with a line break, or a blank line when the whitespace around the join holds one
 * (a paragraph ends there); blank pages are skipped so they never cut a sentence.
 */
function joinPages(pages: PageText[]): JoinedPages {
  const joined: JoinedPages = { text: "", starts: [], numbers: [] };
  let between = "";
  for (const page of pages) {
    const fromFirstWord = page.text.trimStart();
    const text = fromFirstWord.trimEnd();
    if (text === "") continue;
    const leading = page.text.slice(0, page.text.length - fromFirstWord.length);
    if (joined.starts.length > 0) joined.text += BLANK_LINE.test(between + leading) ? "\n\n" : "\n";
    joined.starts.push(joined.text.length);
    joined.numbers.push(page.page);
    joined.text += text;
    between = fromFirstWord.slice(text.length);
  }
  return joined;
}

/**
 * Cuts cleaned page texts into numbered source sentences. A sentence may run onto the next page; its `page`
 * is where it starts. Stretches without a single word (a "* * *" scene break) are not sentences and are left
 * out.
 */
export function segmentSentences(pages: PageText[], options: SegmentOptions = {}): SourceSentence[] {
  const { text, starts, numbers } = joinPages(pages);
  const sentences: SourceSentence[] = [];
  let index = options.startIndex ?? 0;
  let pageAt = 0;
  let start = 0;
  for (const end of sentenceEnds(text)) {
    LEADING_SPACE.lastIndex = start;
    LEADING_SPACE.exec(text);
    const from = LEADING_SPACE.lastIndex;
    start = end;
    if (from >= end) continue;
    const sentence = normalizeSpaces(text.slice(from, end));
    if (countWords(sentence) === 0) continue;
    while (pageAt + 1 < starts.length && (starts[pageAt + 1] ?? 0) <= from) pageAt++;
    sentences.push({ index: index++, text: sentence, page: numbers[pageAt] ?? 1 });
  }
  return sentences;
}
