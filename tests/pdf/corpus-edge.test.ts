import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/lib/errors";
import { JobError } from "../../src/lib/job-error";
import { cleanPages } from "../../src/pdf/clean-pages";
import { extractPages } from "../../src/pdf/extract-pages";
import { sniffPdf } from "../../src/pdf/sniff-pdf";
import { CORPUS_ABSENT, CORPUS_PRESENT, corpusPdf, headAndTail } from "../helpers/corpus";
import { mergePdfs } from "../helpers/pdf-edge-fixtures";
import { makeFrenchPdf } from "../helpers/pdf-fixtures";

const LIMITS = { maxPages: 500 };

/** What a user gets for a corpus file: the error code (at upload or in the job), or the cleaned pages. */
async function outcome(name: string, options: { allowScanned?: boolean } = {}) {
  const bytes = await corpusPdf(`edge/${name}`);
  try {
    sniffPdf(...headAndTail(bytes));
    const extracted = await extractPages(bytes, { ...LIMITS, ...options });
    return { ...extracted, pages: cleanPages(extracted.pages, { fixHyphenation: true }) };
  } catch (error) {
    if (error instanceof ApiError || error instanceof JobError)
      return { code: error.code, message: error.message };
    throw error;
  }
}

const text = (result: Awaited<ReturnType<typeof outcome>>) =>
  "pages" in result ? result.pages.map((page) => page.text).join("\n\n") : "";

describe.skipIf(!CORPUS_PRESENT)(
  CORPUS_PRESENT ? "corpus edge files" : CORPUS_ABSENT,
  { timeout: 60_000 },
  () => {
    it("qpdf-bad1 (5 bytes 'oops'): NOT_A_PDF at upload", async () => {
      expect(await outcome("qpdf-bad1.pdf")).toMatchObject({ code: "NOT_A_PDF" });
    });

    it("pdfjs-bug1020226 (truncated): refused at upload, and PDF_CORRUPT if it got through", async () => {
      expect(await outcome("pdfjs-bug1020226.pdf")).toMatchObject({ code: "NOT_A_PDF" });
      const bytes = await corpusPdf("edge/pdfjs-bug1020226.pdf");
      await expect(extractPages(bytes, LIMITS)).rejects.toMatchObject({ code: "PDF_CORRUPT" });
    });

    it("pypdf-libreoffice-writer-password (user password): PDF_ENCRYPTED", async () => {
      expect(await outcome("pypdf-libreoffice-writer-password.pdf")).toMatchObject({ code: "PDF_ENCRYPTED" });
    });

    it("pdfjs-empty_protected (owner password only, blank): opens, then NO_TEXT", async () => {
      expect(await outcome("pdfjs-empty_protected.pdf")).toMatchObject({ code: "NO_TEXT" });
    });

    it("pdfminer-pdf-with-jbig2 (scan): SCANNED_PDF naming Gemini, or its page for the OCR path", async () => {
      const refused = await outcome("pdfminer-pdf-with-jbig2.pdf");
      expect(refused).toMatchObject({ code: "SCANNED_PDF", message: expect.stringMatching(/Gemini/) });
      const allowed = await outcome("pdfminer-pdf-with-jbig2.pdf", { allowScanned: true });
      expect(allowed).toEqual({ pageCount: 1, pages: [], scannedPages: [1] });
    });

    it("pdfminer-zen_of_python_corrupted (bad content stream): English, so NOT_FRENCH naming it", async () => {
      expect(await outcome("pdfminer-zen_of_python_corrupted.pdf")).toMatchObject({
        code: "NOT_FRENCH",
        message: expect.stringMatching(/looks like English/),
      });
    });

    it("pdfminer-zen_of_python_corrupted behind French pages: the text that survives is kept", async () => {
      const prose =
        "Le chevalier arriva au château à la tombée de la nuit, couvert de poussière et de fatigue. ";
      const french = await makeFrenchPdf({ pages: [[prose.repeat(4)], [prose.repeat(4)]] });
      const mixed = await mergePdfs([french, await corpusPdf("edge/pdfminer-zen_of_python_corrupted.pdf")]);
      const pages = cleanPages((await extractPages(mixed, LIMITS)).pages, { fixHyphenation: true });
      const all = pages.map((page) => page.text).join("\n\n");
      expect(all).toContain("Beautiful is better than ugly.");
      expect(all).toContain("Now is better than never.");
    });

    it("a text PDF with a scanned page: the offline engine's extraction reports the page it skips", async () => {
      const prose =
        "Le chevalier arriva au château à la tombée de la nuit, couvert de poussière et de fatigue. ";
      const french = await makeFrenchPdf({ pages: [[prose.repeat(4)], [prose.repeat(4)]] });
      const mixed = await mergePdfs([french, await corpusPdf("edge/pdfminer-pdf-with-jbig2.pdf"), french]);
      const result = await extractPages(mixed, LIMITS);
      expect(result.pages.map((page) => page.page)).toEqual([1, 2, 4, 5]);
      expect(result.scannedPages).toEqual([3]);
    });

    it("pdfjs-french_diacritics (Type3 font): accents extracted correctly", async () => {
      const accents = "à À â Â ä Ä ç Ç é É è È ê Ê ë Ë î Î ï Ï ô Ô ù Ù û Û ü Ü";
      expect(text(await outcome("pdfjs-french_diacritics.pdf"))).toBe(accents);
    });

    it("pypdf-habibi (Arabic + Latin): NOT_FRENCH, never mojibake sentences", async () => {
      expect(await outcome("pypdf-habibi.pdf")).toMatchObject({ code: "NOT_FRENCH" });
    });

    it("pypdf-habibi behind two French pages: its page left out, the French kept", async () => {
      const french = await makeFrenchPdf({ pages: [["Le chevalier arriva."], ["Il repartit le soir."]] });
      const mixed = await mergePdfs([french, await corpusPdf("edge/pypdf-habibi.pdf")]);
      const result = await extractPages(mixed, LIMITS);
      expect(result.pages.map((page) => page.page)).toEqual([1, 2]);
      expect(result.scannedPages).toEqual([]);
    });

    it("pdfjs-js-authors (JavaScript): the script never runs; its only page has no text, so NO_TEXT", async () => {
      // The script would fill a form field with the authors; the page itself carries no text.
      expect(await outcome("pdfjs-js-authors.pdf")).toMatchObject({ code: "NO_TEXT" });
    });

    it("pypdf-with-attachment: the page text, the attachment ignored", async () => {
      const result = await outcome("pypdf-with-attachment.pdf");
      expect(result).toMatchObject({ pageCount: 1, scannedPages: [] });
      expect(text(result)).toMatch(/^Lorem ipsum dolor sit amet/);
      expect(text(result)).not.toMatch(/PNG|IHDR/);
    });

    it("pypdf-minimal-document: one page of text, its page number removed", async () => {
      const result = await outcome("pypdf-minimal-document.pdf");
      expect(result).toMatchObject({ pageCount: 1, pages: [{ page: 1 }] });
      expect(text(result)).toMatch(/^Lorem ipsum dolor sit amet.*takimata sanctus est Lorem ipsum.*amet\.$/s);
    });

    it("pypdf-GeoTopo-komprimiert (117 p, German, fonts without ToUnicode): NOT_FRENCH, no garbage", async () => {
      expect(await outcome("pypdf-GeoTopo-komprimiert.pdf")).toMatchObject({
        code: "NOT_FRENCH",
        message: expect.stringMatching(/looks like German/),
      });
    });
  },
);
