import { countWords } from "../engines/words";
import { openDocument, readPageText } from "./extract-pages";

/** What a few pages tell about a whole PDF, for an estimate: its page count and words per page. */
export interface PdfSample {
  pageCount: number;
  sampledPages: number;
  /** Average words on the sampled pages (0 for a PDF without a text layer). */
  wordsPerPage: number;
}

/**
 * Opens the PDF and reads the text of at most `sample` pages spread evenly over it: enough to estimate its
 * size without reading every page. A password or a damaged file fails as at extraction (JobError).
 */
export async function samplePdf(bytes: Uint8Array, sample: number): Promise<PdfSample> {
  const unpdf = await import("unpdf");
  const doc = await openDocument(unpdf.getDocumentProxy, bytes);
  try {
    const pageCount = doc.numPages;
    const count = Math.min(sample, pageCount);
    const numbers = Array.from({ length: count }, (_, i) => 1 + Math.floor((i * pageCount) / count));
    let words = 0;
    for (const n of numbers) words += countWords((await readPageText(doc, n)) ?? "");
    return { pageCount, sampledPages: count, wordsPerPage: count === 0 ? 0 : words / count };
  } finally {
    await doc.destroy();
  }
}
