// A generated French novel as a PDF (pdf-lib): A5 pages of 11 pt Times set like a book (first-line indents,
// paragraphs flowing over page breaks, a running head and page numbers), from the seeded prose generator.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { frenchParagraphs } from "./french-prose.mjs";

const PAGE = { width: 420, height: 595, margin: 50, size: 11, leading: 14, indent: 16 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const LINES_PER_PAGE = Math.floor((PAGE.height - 2 * PAGE.margin) / PAGE.leading);

/** Greedy line wrapping of one paragraph; the first line is indented. */
function wrap(paragraph, font) {
  const lines = [];
  let line = "";
  for (const word of paragraph.split(" ")) {
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
  return lines.map((text, i) => ({ text, indent: i === 0 ? PAGE.indent : 0 }));
}

/** A `pages`-page French novel; the same seed gives the same bytes' text. */
export async function makeNovelPdf(pages, seed = 1) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const paragraphs = frenchParagraphs(seed);
  let pending = [];
  for (let number = 1; number <= pages; number++) {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    drawCentred(page, font, `LE ROMAN DU BANC D’ESSAI — ${number}`, PAGE.height - 30);
    drawCentred(page, font, String(number), 30);
    for (let row = 0; row < LINES_PER_PAGE; row++) {
      if (pending.length === 0) pending = wrap(paragraphs.next().value, font);
      const { text, indent } = pending.shift();
      const y = PAGE.height - PAGE.margin - PAGE.size - row * PAGE.leading;
      page.drawText(text, { x: PAGE.margin + indent, y, size: PAGE.size, font });
    }
  }
  return doc.save();
}

function drawCentred(page, font, text, y) {
  const x = (PAGE.width - font.widthOfTextAtSize(text, 9)) / 2;
  page.drawText(text, { x, y, size: 9, font });
}
