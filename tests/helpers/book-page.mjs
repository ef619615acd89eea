// The page of a French novel as the test fixtures and the benchmark draw it with pdf-lib: A5 portrait, 11 pt
// Times, a first-line indent and no space between paragraphs, a small centred running head and page number.
// Plain JavaScript, so the TypeScript fixtures and the benchmark (plain Node, no build step) share one copy.

/** A5 portrait, 11 pt Times with a first-line indent and no space between paragraphs, like a novel. */
export const PAGE = { width: 420, height: 595, margin: 50, size: 11, leading: 14, indent: 16 };

const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const SMALL_SIZE = 9;

/** Lines of body text one page holds. */
export const LINES_PER_PAGE = Math.floor((PAGE.height - 2 * PAGE.margin) / PAGE.leading);

/** Where the running head and the page number stand. */
export const HEAD_Y = PAGE.height - 30;
export const FOOT_Y = 30;

/** Greedy wrapping; the first line is indented, and a "\n" forces a line break there (to place a hyphen). */
export function wrapParagraph(paragraph, font) {
  const lines = [];
  for (const segment of paragraph.split("\n")) {
    let line = "";
    for (const word of segment.split(/\s+/).filter(Boolean)) {
      const candidate = line === "" ? word : `${line} ${word}`;
      const width = TEXT_WIDTH - (lines.length === 0 ? PAGE.indent : 0);
      if (line !== "" && font.widthOfTextAtSize(candidate, PAGE.size) > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Draws line `row` (0 at the top) of the text block; `indent` is true for a paragraph's first line. */
export function drawLine(page, font, text, row, indent) {
  const y = PAGE.height - PAGE.margin - PAGE.size - row * PAGE.leading;
  page.drawText(text, { x: PAGE.margin + (indent ? PAGE.indent : 0), y, size: PAGE.size, font });
}

/** Draws a small centred line at height `y`: a running head or a page number. */
export function drawCentred(page, font, text, y) {
  const x = (PAGE.width - font.widthOfTextAtSize(text, SMALL_SIZE)) / 2;
  page.drawText(text, { x, y, size: SMALL_SIZE, font });
}
