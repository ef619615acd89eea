import type { PageText, SourceSentence } from "../types";
import { countWords } from "../words";
import { normalizeSpaces } from "./normalize-spaces";
import {
  type Abbreviations,
  abbreviationsWith,
  sentenceEndAt,
  startsDialogueLine,
} from "./sentence-boundary";

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
  /** The user's own abbreviations ("réf.", "LL. AA"), on top of the built-in ones. */
  extraAbbreviations?: readonly string[];
}

/** Offsets in the joined text where each sentence ends (exclusive); the last one is the text's end. */
function sentenceEnds(text: string, abbreviations: Abbreviations): number[] {
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
      const end = sentenceEndAt(text, ends.at(-1) ?? 0, start, start + match[0].length, abbreviations);
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
  /** Offset in `text` where each chapter begins, and its title, in order. */
  chapters: { at: number; title: string }[];
}

/**
 * Joins trimmed page texts with a line break, or a blank line when the whitespace around the join holds one
 * (a paragraph ends there, as it does at a chapter's start); blank pages are skipped so they never cut a
 * sentence, but their chapters start where the next text does.
 */
function joinPages(pages: PageText[]): JoinedPages {
  const joined: JoinedPages = { text: "", starts: [], numbers: [], chapters: [] };
  let between = "";
  for (const page of pages) {
    const fromFirstWord = page.text.trimStart();
    const text = fromFirstWord.trimEnd();
    const leading = page.text.slice(0, page.text.length - fromFirstWord.length);
    const chapters = page.chapters ?? [];
    if (text !== "") {
      const paragraph = BLANK_LINE.test(between + leading) || chapters.some((chapter) => chapter.at === 0);
      if (joined.starts.length > 0) joined.text += paragraph ? "\n\n" : "\n";
      joined.starts.push(joined.text.length);
      joined.numbers.push(page.page);
    } else if (chapters.length > 0) {
      between = "\n\n";
    }
    const offset = joined.text.length - leading.length;
    for (const { at, title } of chapters)
      joined.chapters.push({ at: Math.max(joined.text.length, offset + at), title });
    if (text === "") continue;
    joined.text += text;
    between = fromFirstWord.slice(text.length);
    if (chapters.some((chapter) => chapter.at >= leading.length + text.length)) between = "\n\n";
  }
  return joined;
}

/**
 * Cuts cleaned page texts into numbered source sentences. A sentence may run onto the next page; its `page`
 * is where it starts. Stretches without a single word (a "* * *" scene break) are not sentences and are left
 * out.
 */
export function segmentSentences(pages: PageText[], options: SegmentOptions = {}): SourceSentence[] {
  const { text, starts, numbers, chapters } = joinPages(pages);
  const sentences: SourceSentence[] = [];
  let index = options.startIndex ?? 0;
  let pageAt = 0;
  let chapterAt = -1;
  let start = 0;
  for (const end of sentenceEnds(text, abbreviationsWith(options.extraAbbreviations))) {
    LEADING_SPACE.lastIndex = start;
    LEADING_SPACE.exec(text);
    const from = LEADING_SPACE.lastIndex;
    start = end;
    if (from >= end) continue;
    const sentence = normalizeSpaces(text.slice(from, end));
    if (countWords(sentence) === 0) continue;
    while (pageAt + 1 < starts.length && (starts[pageAt + 1] ?? 0) <= from) pageAt++;
    while (chapterAt + 1 < chapters.length && (chapters[chapterAt + 1]?.at ?? 0) <= from) chapterAt++;
    const chapter = chapters[chapterAt]?.title;
    const page = numbers[pageAt] ?? 1;
    sentences.push(
      chapter ? { index: index++, text: sentence, page, chapter } : { index: index++, text: sentence, page },
    );
  }
  return sentences;
}
