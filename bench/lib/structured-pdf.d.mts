/** A generated French book laid out like an OCR'd edition, and the words it prints (see structured-pdf.mjs). */
export function makeStructuredBookPdf(options?: {
  chapters?: number;
  pagesPerChapter?: number;
  seed?: number;
}): Promise<{ bytes: Uint8Array; prose: string }>;
