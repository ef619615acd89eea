import { describe, expect, it } from "vitest";
// One file for every test that reads the corpus novels: their extraction (seconds each) is then shared.
// The benchmark's OCR-like book: a table of contents, part and chapter headings, soft hyphens pdf.js drops.
import { makeStructuredBookPdf } from "../../bench/lib/structured-pdf.mjs";
import { createOfflineEngine, segmentSentences } from "../../src/engines/offline";
import type { SentenceSettings } from "../../src/engines/types";
import { words } from "../../src/engines/words";
import { isDanglingWord } from "../../src/lib/french/function-words";
import { cleanDocument, cleanPages } from "../../src/pdf/clean-pages";
import { extractPages } from "../../src/pdf/extract-pages";
import { CORPUS_ABSENT, CORPUS_PRESENT, corpusText, extractCorpusPdf } from "../helpers/corpus";

const SETTINGS: SentenceSettings = {
  sentenceLengthLimit: 8,
  minSentenceLength: 2,
  ignoreDialogue: false,
  preserveFormatting: true,
  fixHyphenation: true,
};
const HEADING_OR_TOC = /^(?:[IVXLC]+\.?|(?:chapitre|partie)\s+\S+\.?|.*\.{4,}\s*\d+|table des matières)$/iu;

/** The whole offline path on a PDF, and the figures a learner would notice. */
async function learnerView(pdf: Uint8Array | string) {
  // A corpus novel is named, and extracted once per runtime; a generated book comes as bytes.
  const extracted =
    typeof pdf === "string" ? await extractCorpusPdf(pdf) : await extractPages(pdf, { maxPages: 500 });
  const { pages, report } = cleanDocument(extracted.pages, { fixHyphenation: true });
  const sources = segmentSentences(pages);
  const { sentences, stats } = await createOfflineEngine().rewrite(sources, SETTINGS);
  const dangling = sentences.filter((sentence) => isDanglingWord(sentence.text.split(/\s+/u).at(-1) ?? ""));
  return {
    report,
    stats,
    sources,
    sentences,
    chapters: new Set(sentences.flatMap((sentence) => (sentence.chapter ? [sentence.chapter] : []))).size,
    danglingShare: dangling.length / sentences.length,
    overShare: stats.over_limit / sentences.length,
    structure: sources.filter((source) => HEADING_OR_TOC.test(source.text)),
  };
}

describe("the OCR-like book: table of contents, headings and soft hyphens", { timeout: 60_000 }, () => {
  it("keeps every printed word, joins every soft-hyphen cut, drops the table and labels the chapters", async () => {
    const { bytes, prose } = await makeStructuredBookPdf({ chapters: 3, pagesPerChapter: 2 });
    const view = await learnerView(bytes);
    expect(view.sentences.flatMap((sentence) => words(sentence.text))).toEqual(words(prose));
    expect(view.report.words_extracted).toBe(view.report.words_removed + view.stats.words_in);
    expect(view.structure).toEqual([]);
    expect(view.report.toc_lines).toBe(4);
    expect(new Set(view.sentences.map((sentence) => sentence.chapter))).toEqual(
      new Set(["I — LA RENCONTRE", "II — LA FUITE", "III — LA FORÊT"]),
    );
    expect(view.danglingShare).toBeLessThanOrEqual(0.01);
  });
});

describe.skipIf(!CORPUS_PRESENT)(
  CORPUS_PRESENT ? "corpus novels as a learner gets them" : CORPUS_ABSENT,
  { timeout: 120_000 },
  () => {
    it.each([
      ["maindron-incomparable-florimond-08pt.pdf", 12],
      ["saint-simon-memoires-XX-08pt.pdf", 6],
    ])("%s: every word accounted for, chapters labelled, clean cuts", async (name, chapters) => {
      const view = await learnerView(`fr/${name}`);
      console.log(name, view.report, {
        dangling: view.danglingShare.toFixed(4),
        over: view.overShare.toFixed(4),
        chapters: view.chapters,
      });
      expect(view.report.words_extracted).toBe(view.report.words_removed + view.stats.words_in);
      expect(view.stats.words_out).toBe(view.stats.words_in);
      // Page numbers and headings only: under 0.5 % of the words (running text is never removed).
      expect(view.report.words_removed / view.report.words_extracted).toBeLessThan(0.005);
      expect(view.report.headings).toBeGreaterThanOrEqual(chapters);
      expect(view.chapters).toBe(chapters);
      expect(view.structure).toEqual([]);
      expect(view.danglingShare).toBeLessThan(0.01);
      expect(view.overShare).toBeLessThan(0.02);
    });
  },
);

/** Extracts and cleans a corpus novel (its throughput is the benchmark's to measure). */
async function readNovel(name: string) {
  const extracted = await extractCorpusPdf(`fr/${name}`);
  const pages = cleanPages(extracted.pages, { fixHyphenation: true });
  return { extracted, pages, text: pages.map((page) => page.text).join("\n\n") };
}

/** Lower-case words, hyphenated compounds whole, as the reference text is compared. */
const letterWords = (text: string) => text.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? [];

describe.skipIf(!CORPUS_PRESENT)(
  CORPUS_PRESENT ? "corpus novels as pages, cleaned" : CORPUS_ABSENT,
  { timeout: 120_000 },
  () => {
    it("Maindron, L’Incomparable Florimond (238 p): every page, names and cut words rejoined", async () => {
      const { extracted, pages, text } = await readNovel("maindron-incomparable-florimond-08pt.pdf");
      expect(extracted.pageCount).toBe(238);
      expect(extracted.scannedPages).toEqual([]);
      expect(pages.length).toBeGreaterThan(230);
      // "Louis-|Antoine" is cut at a line end several times: the hyphen must survive, the name never fuse.
      expect(text).not.toMatch(/LouisAntoine|SaintGeorges|CharlesArmand/);
      expect(text.match(/Louis-Antoine/g)?.length).toBeGreaterThan(20);
      expect(text).not.toMatch(/peutêtre|celuici|croistu|dixsept|trentetrois/i);
      expect(text).toContain("de se prendre aux collets");
      expect(text).toContain("ne lui cédaient rien sous ce rapport");
      // Page numbers (alone at the top of each page) are gone: page 3 starts with the text.
      expect(pages.find((page) => page.page === 3)?.text).toMatch(/^n’en a point, ce qui serait/);
      expect(text).not.toMatch(/-\n/);
    });

    it("Saint-Simon, Mémoires XX (80 p): the cleaned words are the reference text's words", async () => {
      const { extracted, text } = await readNovel("saint-simon-memoires-XX-08pt.pdf");
      expect(extracted.pageCount).toBe(80);
      // The reference writes superscripts pandoc-style: "M^me^" is "Mme" in the book.
      const reference = new Set(
        letterWords((await corpusText("text/saint-simon-memoires-XX.txt")).replaceAll("^", "")),
      );
      const cleaned = letterWords(text);
      const unknown = cleaned.filter((word) => !reference.has(word));
      console.log(`saint-simon: ${unknown.length}/${cleaned.length} words not in the reference:`, [
        ...new Set(unknown),
      ]);
      expect(unknown.length / cleaned.length).toBeLessThan(0.001);
    });
  },
);
