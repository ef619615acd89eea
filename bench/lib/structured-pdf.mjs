// A generated French book laid out the way scanned-and-OCR'd editions come out of pdf.js: a title page, a table
// of contents with dot leaders, a part page, chapters opening with a roman numeral and a title, running heads
// and page numbers, and words cut at line ends by soft hyphens (U+00AD, which pdf.js drops, leaving "retour" /
// "nera"), with a slightly ragged left edge. Returns the PDF and the prose it holds (the words a reader must
// get back, in order).
import { PDFDocument, PDFName, StandardFonts } from "@cantoo/pdf-lib";
import { frenchParagraphs } from "./french-prose.mjs";

const PAGE = { width: 420, height: 595, margin: 50, size: 11, leading: 14, indent: 16 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const LINES_PER_PAGE = Math.floor((PAGE.height - 2 * PAGE.margin) / PAGE.leading) - 2;
const TITLE = "LE ROMAN DU BANC D’ESSAI";
const WIN_ANSI_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

/** A ToUnicode map for WinAnsi text that maps 0xAD to U+00AD, as OCR text layers do for soft hyphens. */
function toUnicodeCMap() {
  const chars = [...WIN_ANSI_HIGH].map(
    (char, i) => `<${(0x80 + i).toString(16)}> <${char.codePointAt(0).toString(16).padStart(4, "0")}>`,
  );
  return [
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
    "1 begincodespacerange <00> <ff> endcodespacerange",
    `${chars.length} beginbfchar ${chars.join(" ")} endbfchar`,
    "2 beginbfrange <20> <7e> <0020> <a0> <ff> <00a0> endbfrange",
    "endcmap CMapName currentdict /CMap defineresource pop end end",
  ].join("\n");
}

/** Where a typesetter may cut a long word: after a vowel, before a consonant and a vowel. */
function cutPoints(word) {
  const points = [];
  for (let i = 3; i <= word.length - 3; i++) {
    if (
      /[aeiouyéèêàâîôû]/i.test(word[i - 1]) &&
      /^[bcdfgjlmnprstv][aeiouyéèêàâîôû]/i.test(word.slice(i, i + 2))
    )
      points.push(i);
  }
  return points;
}

/** Greedy wrapping; a word that does not fit is cut with a soft hyphen (or at its own hyphen) when it can be. */
function wrap(paragraph, font) {
  const lines = [];
  let line = "";
  const fits = (text) =>
    font.widthOfTextAtSize(text, PAGE.size) <= TEXT_WIDTH - (lines.length === 0 ? PAGE.indent : 0);
  for (const word of paragraph.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (line === "" || fits(candidate)) {
      line = candidate;
      continue;
    }
    const hyphen = word.indexOf("-");
    const cuts = hyphen > 0 ? [hyphen + 1] : /^\p{L}{7,}[,.;]?$/u.test(word) ? cutPoints(word) : [];
    const cut = cuts.reverse().find((at) => fits(`${line} ${word.slice(0, at)}${hyphen > 0 ? "" : "-"}`));
    if (cut === undefined) {
      lines.push(line);
      line = word;
    } else {
      lines.push(`${line} ${word.slice(0, cut)}${hyphen > 0 ? "" : "\u00AD"}`);
      line = word.slice(cut);
    }
  }
  lines.push(line);
  return lines.map((text, i) => ({ text, indent: i === 0 ? PAGE.indent : 0 }));
}

/** The book: `chapters` chapters of `pagesPerChapter` pages of seeded prose. */
export async function makeStructuredBookPdf({ chapters = 6, pagesPerChapter = 4, seed = 7 } = {}) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const paragraphs = frenchParagraphs(seed);
  const drawn = [];
  const centred = (page, text, y, size = PAGE.size) =>
    page.drawText(text, { x: (PAGE.width - font.widthOfTextAtSize(text, size)) / 2, y, size, font });
  centred(doc.addPage([PAGE.width, PAGE.height]), TITLE, 400, 16);
  const toc = doc.addPage([PAGE.width, PAGE.height]);
  centred(toc, "TABLE DES MATIÈRES", 520);
  const roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
  for (let c = 0; c < chapters; c++)
    toc.drawText(`${roman[c]} ${".".repeat(60)} ${4 + c * pagesPerChapter}`, {
      x: 60,
      y: 480 - c * 20,
      size: 11,
      font,
    });
  centred(doc.addPage([PAGE.width, PAGE.height]), "PREMIÈRE PARTIE", 400, 14);
  for (let c = 0; c < chapters; c++) {
    let pending = [];
    for (let p = 0; p < pagesPerChapter; p++) {
      const page = doc.addPage([PAGE.width, PAGE.height]);
      const number = doc.getPageCount();
      centred(page, `${TITLE} — ${number}`, PAGE.height - 30, 9);
      centred(page, String(number), 30, 9);
      let row = 0;
      if (p === 0) {
        centred(page, roman[c], PAGE.height - PAGE.margin - 10, 14);
        centred(
          page,
          `LA ${["RENCONTRE", "FUITE", "FORÊT", "LETTRE", "NUIT", "FIN"][c % 6]}`,
          PAGE.height - PAGE.margin - 34,
        );
        row = 4;
      }
      for (; row < LINES_PER_PAGE; row++) {
        if (pending.length === 0) {
          if (p === pagesPerChapter - 1 && row > LINES_PER_PAGE - 3) break;
          pending = wrap(paragraphs.next().value, font);
        }
        const { text, indent } = pending.shift();
        const jitter = ((row * 7 + number * 3) % 5) - 2;
        const y = PAGE.height - PAGE.margin - PAGE.size - row * PAGE.leading;
        page.drawText(text, { x: PAGE.margin + indent + jitter, y, size: PAGE.size, font });
        drawn.push(text);
      }
    }
    // The rest of a paragraph cut short by the chapter's end is not printed.
    if (pending.length > 0) drawn.push("\n");
  }
  const saved = await PDFDocument.load(await doc.save());
  saved.context
    .lookup(font.ref)
    .set(PDFName.of("ToUnicode"), saved.context.register(saved.context.stream(toUnicodeCMap())));
  // The printed words, each cut word whole again ("retour\u00AD" + "nera", "Saint-" + "Étienne").
  const prose = drawn
    .map((line) => (/[\u00AD-]$/u.test(line) ? line.replace(/\u00AD$/u, "") : `${line} `))
    .join("");
  return { bytes: await saved.save(), prose };
}
