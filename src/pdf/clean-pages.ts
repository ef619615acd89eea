import type { PageText } from "../engines/types";
import { buildVocabulary, joinHyphenated, LINE_END_HYPHEN, type Vocabulary } from "./hyphenation";
import { type PageLines, removePageFurniture } from "./page-furniture";

export interface CleanOptions {
  /** Rejoin words cut by line-break hyphens and drop soft hyphens. */
  fixHyphenation: boolean;
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

/**
 * Turns extracted page texts (lines separated by "\n", paragraphs by a blank line) into clean prose: page
 * furniture removed, lines joined, paragraphs separated by "\n\n". Pages left empty are dropped.
 */
export function cleanPages(pages: PageText[], options: CleanOptions): PageText[] {
  const lines = removePageFurniture(pages.map((page) => toLines(page.text)));
  const vocabulary = options.fixHyphenation ? buildVocabulary(lines.flat(2)) : null;
  if (vocabulary) joinAcrossPages(pages, lines, vocabulary);
  return pages
    .map((page, i) => ({
      page: page.page,
      text: lines[i]!.map((paragraph) => joinLines(paragraph, vocabulary))
        .filter((paragraph) => paragraph !== "")
        .join("\n\n"),
    }))
    .filter((page) => page.text !== "");
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

function joinLines(lines: string[], vocabulary: Vocabulary | null): string {
  let text = lines[0] ?? "";
  for (const line of lines.slice(1)) {
    if (!LINE_END_HYPHEN.test(text) || !/^[\p{L}\p{N}]/u.test(line)) text = `${text} ${line}`;
    else if (vocabulary) text = joinHyphenated(text, line, vocabulary);
    else text += line;
  }
  return vocabulary ? text.replaceAll("\u00AD", "") : text;
}

/** A word cut at the bottom of a page is completed from the top of the next page. */
function joinAcrossPages(pages: PageText[], lines: PageLines[], vocabulary: Vocabulary): void {
  for (let i = 0; i + 1 < lines.length; i++) {
    const lastParagraph = lines[i]!.at(-1);
    const nextParagraph = lines[i + 1]![0];
    const left = lastParagraph?.at(-1);
    const right = nextParagraph?.[0];
    if (pages[i + 1]!.page !== pages[i]!.page + 1 || !lastParagraph || !left || !right || !nextParagraph)
      continue;
    if (!LINE_END_HYPHEN.test(left) || !/^[\p{L}\p{N}]/u.test(right)) continue;
    const [word = "", rest = ""] = right.split(/ (.*)/s);
    lastParagraph[lastParagraph.length - 1] = joinHyphenated(left, word, vocabulary);
    if (rest === "") nextParagraph.shift();
    else nextParagraph[0] = rest;
    if (nextParagraph.length === 0) lines[i + 1]!.shift();
  }
}
