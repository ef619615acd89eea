import { type ExtractedPages, extractPages } from "../../src/pdf/extract-pages";
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES } from "../../src/pdf/sniff-pdf";

/**
 * The shared corpus of real PDFs (../shared/corpus), read at build time by Vite: `?inline` turns each file into
 * a base64 data URL, the one form that survives for binary files inside the workers pool. Absent folder → empty.
 */
const PREFIX = "../../../shared/corpus/";
const pdfs = import.meta.glob<string>("../../../shared/corpus/**/*.pdf", {
  query: "?inline",
  import: "default",
});
const texts = import.meta.glob<string>("../../../shared/corpus/text/*.txt", {
  query: "?raw",
  import: "default",
});

export const CORPUS_PRESENT = Object.keys(pdfs).length > 0;
export const CORPUS_ABSENT = "corpus absent: ../shared/corpus not found";

/** The bytes of a corpus PDF, by its path inside the corpus ("edge/qpdf-bad1.pdf"). */
export async function corpusPdf(name: string): Promise<Uint8Array> {
  const load = pdfs[PREFIX + name];
  if (!load) throw new Error(`corpus file missing: ${name}`);
  const url = await load();
  return Uint8Array.from(atob(url.slice(url.indexOf(",") + 1)), (char) => char.charCodeAt(0));
}

const extractions = new Map<string, Promise<ExtractedPages>>();

/**
 * A corpus PDF as `extractPages` reads it (at most 500 pages), extracted once per test runtime: the files that
 * check the same novel share the runtime (vitest.config.ts), so they share one extraction, of seconds for a
 * novel. Each caller gets its own copy.
 */
export async function extractCorpusPdf(name: string): Promise<ExtractedPages> {
  let extraction = extractions.get(name);
  if (!extraction) {
    extraction = corpusPdf(name).then((bytes) => extractPages(bytes, { maxPages: 500 }));
    extractions.set(name, extraction);
  }
  return structuredClone(await extraction);
}

/** A UTF-8 reference text of the corpus ("text/saint-simon-memoires-XX.txt"). */
export async function corpusText(name: string): Promise<string> {
  const load = texts[PREFIX + name];
  if (!load) throw new Error(`corpus file missing: ${name}`);
  return load();
}

/** The first and last bytes of a file, as the upload route captures them for `sniffPdf`. */
export function headAndTail(bytes: Uint8Array): [Uint8Array, Uint8Array] {
  return [bytes.subarray(0, SNIFF_HEAD_BYTES), bytes.subarray(Math.max(0, bytes.length - SNIFF_TAIL_BYTES))];
}
