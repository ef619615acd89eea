import { PDFDocument } from "@cantoo/pdf-lib";
import { getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { JobError } from "../../src/lib/job-error";
import { extractPages } from "../../src/pdf/extract-pages";
import { makeGarbledPdf, mergePdfs } from "../helpers/pdf-edge-fixtures";
import {
  makeEncryptedPdf,
  makeFrenchPdf,
  makeImageOnlyPdf,
  makeManyPagesPdf,
  makeTruncatedPdf,
} from "../helpers/pdf-fixtures";

const FIRST =
  "Quand il eut bien musé dans le potager où, sous le grand soleil de midi, les papillons jaunes voltigeaient entre les ombelles des fenouils, Louis-Antoine passa le pont de bois et s’en fut par la campagne.";
const SECOND = "« Peut-être viendra-t-il ce soir », dit la vieille servante en regardant la route.";
const THIRD = "Il arriva enfin, fatigué mais heureux ; la maisonnée l’accueillit avec des cris de joie !";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(JobError);
  return (error as JobError).code;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ");

describe("extractPages on generated PDFs", { timeout: 30_000 }, () => {
  it("returns each page's text in reading order with its page number", async () => {
    const pdf = await makeFrenchPdf({ pages: [[FIRST, SECOND], [THIRD]] });
    const result = await extractPages(pdf, { maxPages: 10 });
    expect(result.pageCount).toBe(2);
    expect(result.scannedPages).toEqual([]);
    expect(result.pages.map((page) => page.page)).toEqual([1, 2]);
    expect(oneLine(result.pages[0]!.text)).toBe(`${FIRST} ${SECOND}`);
    expect(oneLine(result.pages[1]!.text)).toBe(THIRD);
    expect(pdf.byteLength).toBeGreaterThan(0); // the caller's buffer is not detached by pdf.js
  });

  it("keeps line breaks inside a paragraph and a blank line between paragraphs", async () => {
    const pdf = await makeFrenchPdf({ pages: [[FIRST, SECOND, "Le cheva-\nlier arriva."]] });
    const [page] = (await extractPages(pdf, { maxPages: 10 })).pages;
    const paragraphs = page!.text.split("\n\n");
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]!.split("\n").length).toBeGreaterThan(1);
    expect(paragraphs[2]).toBe("Le cheva-\nlier arriva.");
  });

  it("fails a password-protected PDF with PDF_ENCRYPTED", async () => {
    const pdf = await makeEncryptedPdf();
    expect(await codeOf(extractPages(pdf, { maxPages: 10 }))).toBe("PDF_ENCRYPTED");
  });

  it("builds an encrypted fixture that really opens with its password", async () => {
    const doc = await getDocumentProxy(await makeEncryptedPdf(), { password: "secret", verbosity: 0 });
    const content = await (await doc.getPage(1)).getTextContent();
    expect(content.items.map((item) => ("str" in item ? item.str : "")).join("")).toBe("Texte secret.");
    await doc.destroy();
  });

  it("fails a truncated PDF with PDF_CORRUPT", async () => {
    expect(await codeOf(extractPages(await makeTruncatedPdf(), { maxPages: 10 }))).toBe("PDF_CORRUPT");
  });

  it("fails random bytes behind a PDF header with PDF_CORRUPT", async () => {
    const junk = new TextEncoder().encode(`%PDF-1.7\n${"garbage ".repeat(50)}\n%%EOF\n`);
    expect(await codeOf(extractPages(junk, { maxPages: 10 }))).toBe("PDF_CORRUPT");
  });

  it("enforces the page limit before reading pages", async () => {
    const pdf = await makeManyPagesPdf(6);
    expect(await codeOf(extractPages(pdf, { maxPages: 5 }))).toBe("PDF_TOO_MANY_PAGES");
    expect((await extractPages(pdf, { maxPages: 6 })).pages).toHaveLength(6);
  });

  it("fails a blank PDF with NO_TEXT", async () => {
    const blank = await PDFDocument.create();
    blank.addPage();
    expect(await codeOf(extractPages(await blank.save(), { maxPages: 10 }))).toBe("NO_TEXT");
  });

  it("fails an image-only PDF with SCANNED_PDF, naming the Gemini engine", async () => {
    const error = await extractPages(await makeImageOnlyPdf(), { maxPages: 10 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SCANNED_PDF" });
    expect((error as JobError).message).toMatch(/Gemini/);
  });

  it("hands image-only pages over when scans are allowed (the OCR path)", async () => {
    const result = await extractPages(await makeImageOnlyPdf(), { maxPages: 10, allowScanned: true });
    expect(result).toEqual({ pageCount: 1, pages: [], scannedPages: [1] });
  });

  it("reports scanned pages of a mixed PDF without failing it", async () => {
    const pdf = await mergePdfs([await makeFrenchPdf({ pages: [[FIRST]] }), await makeImageOnlyPdf()]);
    const result = await extractPages(pdf, { maxPages: 10 });
    expect(result.pages.map((page) => page.page)).toEqual([1]);
    expect(result.scannedPages).toEqual([2]);
  });

  it("treats text from a font without a Unicode map as no text", async () => {
    expect(await codeOf(extractPages(await makeGarbledPdf(), { maxPages: 10 }))).toBe("NO_TEXT");
    const mixed = await mergePdfs([await makeFrenchPdf({ pages: [[THIRD]] }), await makeGarbledPdf()]);
    const result = await extractPages(mixed, { maxPages: 10 });
    expect(result.pages.map((page) => page.page)).toEqual([1]);
    expect(result.scannedPages).toEqual([]);
  });
});
