// A generated French novel as a PDF (pdf-lib): A5 pages of 11 pt Times set like a book (first-line indents,
// paragraphs flowing over page breaks, a running head and page numbers), from the seeded prose generator.
// The page itself is the test fixtures' (tests/helpers/book-page.mjs).
import { PDFDocument, StandardFonts } from "@cantoo/pdf-lib";
import {
  drawCentred,
  drawLine,
  FOOT_Y,
  HEAD_Y,
  LINES_PER_PAGE,
  PAGE,
  wrapParagraph,
} from "../../tests/helpers/book-page.mjs";
import { frenchParagraphs } from "./french-prose.mjs";

/** A `pages`-page French novel; the same seed gives the same bytes' text. */
export async function makeNovelPdf(pages, seed = 1) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const paragraphs = frenchParagraphs(seed);
  let pending = [];
  for (let number = 1; number <= pages; number++) {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    drawCentred(page, font, `LE ROMAN DU BANC D’ESSAI — ${number}`, HEAD_Y);
    drawCentred(page, font, String(number), FOOT_Y);
    for (let row = 0; row < LINES_PER_PAGE; row++) {
      if (pending.length === 0) {
        pending = wrapParagraph(paragraphs.next().value, font).map((text, i) => ({ text, first: i === 0 }));
      }
      const { text, first } = pending.shift();
      drawLine(page, font, text, row, first);
    }
  }
  return doc.save();
}
