/**
 * The book's structure around its prose: tables of contents (dropped) and headings (turned into chapter
 * labels). Neither is a sentence. Pages are given as paragraphs of lines, page furniture already removed.
 */
import { dropLines, type PageLines } from "./page-furniture";
import { readsAsProse } from "./prose";

/** A chapter starting on a page: its title, and the paragraph of the page where its text begins. */
export interface ChapterMark {
  paragraph: number;
  title: string;
}

/** The pages without tables of contents and headings, the chapter marks, and the lines dropped. */
export interface PageStructure {
  pages: PageLines[];
  chapters: ChapterMark[][];
  tocLines: string[];
  headingLines: string[];
}

/** Dot (or ellipsis, underscore, middle dot) leaders followed by a page number: a table of contents entry. */
const LEADER_ENTRY = /(?:\.\s?){4,}|…{2,}|_{4,}|(?:·\s?){4,}/u;
const ENDS_WITH_PAGE = /\s(?:\d{1,4}|[IVXLCDM]{1,7})$/u;
const ORDINAL = String.raw`(?:premier|première|second|seconde|dernier|dernière|unique|\p{L}+ièmes?|[IVXLCDM]+|\d+)`;
const KEYWORD_HEADING = new RegExp(
  String.raw`^(?:(?:livre|tome|partie|chapitre|chap\.|section|acte|scène|chant)\s+${ORDINAL}\b|` +
    String.raw`${ORDINAL}\s+partie\b|` +
    String.raw`(?:prologue|épilogue|préface|avant-propos|introduction|conclusion|postface|appendice)\b)`,
  "iu",
);
const TOC_TITLE = /^(?:table(?:\s+des\s+matières)?|sommaire|index|pages?)\.?$/iu;
const NUMERAL = /^(?:[IVXLCDM]{1,7}|\d{1,4})\.?$/u;
const ROMAN_ALONE = /^[IVXLCDM]{1,7}\.?$/u;
/** The longest line (in words) taken for a heading. */
const HEADING_WORDS = 12;
/** At most this many short lines after a heading belong to it ("CHAPITRE II" / "1723" / "LE DÉPART"). */
const BLOCK_LINES = 3;

const wordCount = (line: string) => line.split(/\s+/u).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;

function isUpperCase(line: string): boolean {
  const letters = line.match(/\p{L}/gu) ?? [];
  const upper = line.match(/\p{Lu}/gu) ?? [];
  return letters.length >= 3 && upper.length >= 0.8 * letters.length;
}

/** A line that could title something: short, not a dialogue or quotation, not a sentence with a verb. */
function isTitleLike(line: string): boolean {
  if (wordCount(line) > HEADING_WORDS || /^[—–\-«“"]/u.test(line)) return false;
  // "CHAPITRE PREMIER." ends with a period: only a verb makes a short line prose.
  return !readsAsProse(line.replace(/\.$/u, ""));
}

/** A heading on its own: a chapter or part keyword, a roman numeral, or an upper-case title at the top. */
function opensHeading(line: string, atTop: boolean): boolean {
  if (!isTitleLike(line)) return false;
  return KEYWORD_HEADING.test(line) || ROMAN_ALONE.test(line) || (atTop && isUpperCase(line));
}

/** Table-of-contents lines of a page: leader entries, or a column of titles with rising page numbers. */
function tocIndexes(lines: string[]): Set<number> {
  const found = new Set<number>();
  lines.forEach((line, i) => {
    if (LEADER_ENTRY.test(line) && ENDS_WITH_PAGE.test(` ${line}`)) found.add(i);
  });
  const numbered = lines.flatMap((line, i) => {
    const page = /\s(\d{1,4})$/u.exec(line)?.[1];
    return page && /\p{L}{2}/u.test(line) && !readsAsProse(line) ? [{ i, page: Number(page) }] : [];
  });
  const rising = numbered.every((entry, k) => k === 0 || entry.page >= numbered[k - 1]!.page);
  if (numbered.length >= 5 && numbered.length >= lines.length / 2 && rising)
    for (const { i } of numbered) found.add(i);
  if (found.size === 0) return found;
  // The table's title, and entries wrapped over two lines, go with it.
  const entries = new Set(found);
  const first = Math.min(...entries);
  for (let i = Math.max(...entries) - 1; i >= 0; i--) {
    const line = lines[i]!;
    const title = i < first && (TOC_TITLE.test(line) || (isUpperCase(line) && isTitleLike(line)));
    const wrapped = entries.has(i + 1) && !/[.!?…:;,»]$/u.test(line) && wordCount(line) <= HEADING_WORDS;
    if (!found.has(i) && (title || wrapped)) found.add(i);
  }
  return found;
}

function dropToc(page: PageLines, into: string[]): PageLines {
  return dropLines(page, tocIndexes(page.flat()), into);
}

/** Moves headings out of a page's paragraphs into chapter marks. */
function extractHeadings(page: PageLines, headingLines: string[]): { page: PageLines; marks: ChapterMark[] } {
  const kept: PageLines = [];
  const marks: ChapterMark[] = [];
  let block: string[] = [];
  const closeBlock = () => {
    if (block.length === 0) return;
    marks.push({ paragraph: kept.length, title: block.map((line) => line.replace(/\.$/u, "")).join(" — ") });
    block = [];
  };
  for (const paragraph of page) {
    const line = paragraph.length === 1 ? paragraph[0]! : null;
    const continues = block.length > 0 && block.length <= BLOCK_LINES && line !== null;
    if (line !== null && opensHeading(line, kept.length === 0)) {
      if (block.length > 0 && !continues) closeBlock();
      block.push(line);
      headingLines.push(line);
    } else if (continues && (NUMERAL.test(line) || isTitleLike(line))) {
      block.push(line);
      headingLines.push(line);
    } else {
      closeBlock();
      kept.push(paragraph);
    }
  }
  closeBlock();
  return { page: kept, marks };
}

/** Drops tables of contents and turns headings into chapter marks, page by page. */
export function extractStructure(pages: PageLines[]): PageStructure {
  const tocLines: string[] = [];
  const headingLines: string[] = [];
  const chapters: ChapterMark[][] = [];
  const cleaned = pages.map((page) => {
    const result = extractHeadings(dropToc(page, tocLines), headingLines);
    chapters.push(result.marks);
    return result.page;
  });
  return { pages: cleaned, chapters, tocLines, headingLines };
}
