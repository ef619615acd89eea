/**
 * Running heads, running feet and page numbers: lines at the top or bottom of a page that belong to the
 * layout, not to the text. A page is given as paragraphs of lines.
 */
import { readsAsProse } from "./prose";

export type PageLines = string[][];

/** How many lines at each edge of a page may be furniture (a head and a page number, say). */
const EDGE_LINES = 2;

const ROMAN = "m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})";
const UPPER_ROMAN = new RegExp(`^(?=[MDCLXVI])${ROMAN.toUpperCase()}$`);
const PAGE_NUMBER = new RegExp(
  `^(?:page\\s+)?[-–—([\\s]*(?:\\d{1,4}|(?=[mdclxvi])${ROMAN})[-–—)\\]\\s]*(?:(?:/|sur|of)\\s*\\d{1,4})?$`,
  "i",
);

/** The pages without their furniture, and the lines removed (to be counted). */
export interface WithoutFurniture {
  pages: PageLines[];
  removed: string[];
}

/**
 * Removes lines repeated at the edges of many pages (numbers may change) and bare page numbers. A line that
 * reads as prose is never taken for a running head, however often it recurs.
 */
export function removePageFurniture(pages: PageLines[]): WithoutFurniture {
  const minRepeats = Math.max(2, Math.min(5, Math.ceil(pages.length / 4)));
  const seen = new Map<string, number[]>();
  pages.forEach((page, p) => {
    const keys = new Set(edgeIndexes(countLines(page)).map((i) => headKey(lineAt(page, i))));
    for (const key of keys) seen.set(key, [...(seen.get(key) ?? []), p]);
  });
  const heads = new Set(
    [...seen]
      .filter(([key, on]) => /\p{L}/u.test(key) && repeatsNearby(on) >= minRepeats)
      .map(([key]) => key),
  );
  const isRunningHead = (line: string) => heads.has(headKey(line)) && !readsAsProse(line);

  const removed: string[] = [];
  const cleaned = pages.map((page) => {
    const total = countLines(page);
    const drop = new Set(edgeIndexes(total).filter((i) => isRunningHead(lineAt(page, i))));
    const rest = [...Array(total).keys()].filter((i) => !drop.has(i));
    const [top, bottom] = [rest[0], rest.at(-1)];
    if (top !== undefined && isBarePageNumber(page, top) && !UPPER_ROMAN.test(lineAt(page, top)))
      drop.add(top);
    if (bottom !== undefined && isBarePageNumber(page, bottom)) drop.add(bottom);
    return dropLines(page, drop, removed);
  });
  return { pages: cleaned, removed };
}

/** The page without the lines at the given indexes (counting across paragraphs), which go to `into`. */
export function dropLines(page: PageLines, drop: ReadonlySet<number>, into: string[]): PageLines {
  let index = 0;
  return page
    .map((paragraph) =>
      paragraph.filter((line) => {
        if (!drop.has(index++)) return true;
        into.push(line);
        return false;
      }),
    )
    .filter((paragraph) => paragraph.length > 0);
}

/**
 * A page number is laid out apart from the body, so it is a paragraph of its own. At the top of a page an
 * upper-case roman numeral is a chapter's number instead ("I" over the chapter's title).
 */
function isBarePageNumber(page: PageLines, index: number): boolean {
  let rest = index;
  for (const paragraph of page) {
    if (rest < paragraph.length) return paragraph.length === 1 && PAGE_NUMBER.test(paragraph[0]!);
    rest -= paragraph.length;
  }
  return false;
}

/**
 * On how many of its pages a line also opens or closes a page at most two pages away: a running head
 * recurs page after page, a chapter's heading ("CHAPITRE II", "CHAPITRE III") once per chapter.
 */
function repeatsNearby(pages: number[]): number {
  return pages.filter((page, i) => page - (pages[i - 1] ?? -9) <= 2 || (pages[i + 1] ?? Infinity) - page <= 2)
    .length;
}

/** The line with that index counting across paragraphs. */
function lineAt(page: PageLines, index: number): string {
  let rest = index;
  for (const paragraph of page) {
    if (rest < paragraph.length) return paragraph[rest]!;
    rest -= paragraph.length;
  }
  return "";
}

function countLines(page: PageLines): number {
  return page.reduce((sum, paragraph) => sum + paragraph.length, 0);
}

function edgeIndexes(total: number): number[] {
  const indexes = new Set<number>();
  for (let i = 0; i < Math.min(EDGE_LINES, total); i++) indexes.add(i).add(total - 1 - i);
  return [...indexes];
}

/** What stays the same in a running head from page to page: numbers (arabic, upper-case roman) erased. */
function headKey(line: string): string {
  return line
    .split(/\s+/)
    .map((word) => (/^\d+$/.test(word) || UPPER_ROMAN.test(word) ? "#" : word.toLowerCase()))
    .join(" ");
}
