import type { PageText } from "../engines/types";
import { countWords } from "../engines/words";
import {
  buildVocabulary,
  isLostSoftHyphen,
  joinHyphenated,
  LINE_END_HYPHEN,
  type Vocabulary,
} from "./hyphenation";
import { type PageLines, removePageFurniture } from "./page-furniture";
import { type ChapterMark, extractStructure } from "./page-structure";

export interface CleanOptions {
  /** Rejoin words cut by line-break hyphens and drop soft hyphens. */
  fixHyphenation: boolean;
}

/**
 * What the clean-up did, so that nothing disappears unaccounted: `words_extracted` (the words pdf.js found, a
 * word cut at a line end counting once) is `words_removed` plus the words left in the cleaned pages.
 */
export interface CleanReport {
  words_extracted: number;
  words_removed: number;
  /** Running heads, running feet and page numbers. */
  furniture_lines: number;
  /** Table-of-contents lines. */
  toc_lines: number;
  /** Heading lines, turned into the `chapter` of the sentences after them. */
  headings: number;
}

export interface CleanedDocument {
  pages: PageText[];
  report: CleanReport;
}

const LIGATURES: Record<string, string> = {
  "\uFB00": "ff",
  "\uFB01": "fi",
  "\uFB02": "fl",
  "\uFB03": "ffi",
  "\uFB04": "ffl",
  "\uFB05": "st",
  "\uFB06": "st",
};

const STARTS_WORD = /^[\p{L}\p{N}]/u;

/**
 * Turns extracted page texts (lines separated by "\n", paragraphs by a blank line) into clean prose: page
 * furniture, tables of contents and headings removed (headings become `chapters` marks), lines joined,
 * paragraphs separated by "\n\n". Pages left empty are dropped.
 */
export function cleanDocument(pages: PageText[], options: CleanOptions): CleanedDocument {
  const lines = pages.map((page) => toLines(page.text));
  const extracted = sumWords(lines.flat(2));
  const furniture = removePageFurniture(lines);
  const merged = options.fixHyphenation ? furniture.pages.map(mergeCutParagraphs) : furniture.pages;
  const structure = extractStructure(merged);
  const body = structure.pages;
  const vocabulary = options.fixHyphenation ? buildVocabulary(body.flat(2)) : null;
  const joins = { count: 0 };
  if (vocabulary) joinAcrossPages(pages, body, structure.chapters, vocabulary, joins);
  const removed = [...furniture.removed, ...structure.tocLines, ...structure.headingLines];
  const cleaned = pages
    .map((page, i) => pageText(page.page, body[i]!, structure.chapters[i]!, vocabulary, joins))
    .filter((page) => page.text !== "" || (page.chapters?.length ?? 0) > 0);
  return {
    pages: cleaned,
    report: {
      words_extracted: extracted - joins.count,
      words_removed: sumWords(removed),
      furniture_lines: furniture.removed.length,
      toc_lines: structure.tocLines.length,
      headings: structure.headingLines.length,
    },
  };
}

/** `cleanDocument`'s pages alone. */
export function cleanPages(pages: PageText[], options: CleanOptions): PageText[] {
  return cleanDocument(pages, options).pages.filter((page) => page.text !== "");
}

function sumWords(lines: string[]): number {
  return lines.reduce((sum, line) => sum + countWords(line), 0);
}

function toLines(text: string): PageLines {
  const normalised = text
    .normalize("NFC")
    .replace(/[\uFB00-\uFB06]/g, (ligature) => LIGATURES[ligature] ?? ligature)
    .replace(/[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .replace(/[\u200B\u2060\uFEFF]/g, "")
    .replace(/\r\n?/g, "\n");
  return normalised
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => line.replace(/ {2,}/g, " ").trim())
        .filter((line) => line !== ""),
    )
    .filter((paragraph) => paragraph.length > 0);
}

/** A page's paragraphs as text, with the offset in it where each chapter's text begins. */
function pageText(
  page: number,
  paragraphs: PageLines,
  marks: ChapterMark[],
  vocabulary: Vocabulary | null,
  joins: { count: number },
): PageText {
  const texts = paragraphs.map((paragraph) => joinLines(paragraph, vocabulary, joins));
  const chapters = marks.map((mark) => ({
    at: texts.slice(0, mark.paragraph).reduce((sum, text) => sum + text.length + 2, 0),
    title: mark.title,
  }));
  const text = texts.join("\n\n");
  for (const chapter of chapters) chapter.at = Math.min(chapter.at, text.length);
  return chapters.length > 0 ? { page, text, chapters } : { page, text };
}

function joinLines(lines: string[], vocabulary: Vocabulary | null, joins: { count: number }): string {
  let text = lines[0] ?? "";
  for (const line of lines.slice(1)) {
    if (LINE_END_HYPHEN.test(text) && STARTS_WORD.test(line)) {
      joins.count++;
      text = vocabulary ? joinHyphenated(text, line, vocabulary) : text + line;
    } else if (vocabulary && isLostSoftHyphen(text, line, vocabulary)) {
      joins.count++;
      text += line;
    } else {
      text = `${text} ${line}`;
    }
  }
  return vocabulary ? text.replaceAll("\u00AD", "") : text;
}

/**
 * A paragraph break right after a cut word is a layout accident (an indented or ragged line read as a new
 * paragraph): a soft hyphen always continues, so does a hyphen before a lowercase word, and so does a word
 * whose soft hyphen the PDF reader dropped.
 */
function mergeCutParagraphs(page: PageLines): PageLines {
  const merged: PageLines = [];
  for (const paragraph of page) {
    const previous = merged.at(-1);
    const last = previous?.at(-1) ?? "";
    const first = paragraph[0] ?? "";
    const hyphen = LINE_END_HYPHEN.test(last) && (last.endsWith("\u00AD") || /^\p{Ll}/u.test(first));
    const cut = hyphen || isLostSoftHyphen(last, first, null);
    if (previous && cut) previous.push(...paragraph);
    else merged.push([...paragraph]);
  }
  return merged;
}

/**
 * A word cut at the bottom of a page is completed from the top of the next page (never across a heading).
 * Chapter marks of the next page follow its paragraphs when its first one is used up.
 */
function joinAcrossPages(
  pages: PageText[],
  lines: PageLines[],
  chapters: ChapterMark[][],
  vocabulary: Vocabulary,
  joins: { count: number },
): void {
  for (let i = 0; i + 1 < lines.length; i++) {
    const lastParagraph = lines[i]!.at(-1);
    const nextParagraph = lines[i + 1]![0];
    const left = lastParagraph?.at(-1);
    const right = nextParagraph?.[0];
    if (pages[i + 1]!.page !== pages[i]!.page + 1 || !lastParagraph || !left || !right || !nextParagraph)
      continue;
    const heading = chapters[i]!.some((mark) => mark.paragraph === lines[i]!.length);
    if (heading || chapters[i + 1]!.some((mark) => mark.paragraph === 0)) continue;
    const lost = isLostSoftHyphen(left, right, vocabulary);
    if (!lost && (!LINE_END_HYPHEN.test(left) || !STARTS_WORD.test(right))) continue;
    const [word = "", rest = ""] = right.split(/ (.*)/s);
    lastParagraph[lastParagraph.length - 1] = lost ? left + word : joinHyphenated(left, word, vocabulary);
    joins.count++;
    if (rest === "") nextParagraph.shift();
    else nextParagraph[0] = rest;
    if (nextParagraph.length > 0) continue;
    lines[i + 1]!.shift();
    for (const mark of chapters[i + 1]!) mark.paragraph--;
  }
}
