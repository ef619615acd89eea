import { describe, expect, it } from "vitest";
import { cleanPages } from "../../src/pdf/clean-pages";
import { CORPUS_ABSENT, CORPUS_PRESENT, corpusText, extractCorpusPdf } from "../helpers/corpus";

/** Extracts and cleans a corpus novel (its throughput is the benchmark's to measure). */
async function readNovel(name: string) {
  const extracted = await extractCorpusPdf(`fr/${name}`);
  const pages = cleanPages(extracted.pages, { fixHyphenation: true });
  return { extracted, pages, text: pages.map((page) => page.text).join("\n\n") };
}

const words = (text: string) => text.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? [];

describe.skipIf(!CORPUS_PRESENT)(
  CORPUS_PRESENT ? "corpus French novels" : CORPUS_ABSENT,
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
        words((await corpusText("text/saint-simon-memoires-XX.txt")).replaceAll("^", "")),
      );
      const cleaned = words(text);
      const unknown = cleaned.filter((word) => !reference.has(word));
      console.log(`saint-simon: ${unknown.length}/${cleaned.length} words not in the reference:`, [
        ...new Set(unknown),
      ]);
      expect(unknown.length / cleaned.length).toBeLessThan(0.001);
    });
  },
);
