import type { getDocumentProxy } from "unpdf";
import type { PageText } from "../engines/types";
import { JobError } from "../lib/job-error";
import { detectLanguage, type LanguageVerdict } from "./language";
import { pageTextFromRuns, type TextRun } from "./page-text";
import { isReadableText, latinLetterShare, stripUnprintable } from "./text-quality";

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

export interface ExtractOptions {
  /** Refuse documents with more pages than this, before reading any page. */
  maxPages: number;
  /** Return image-only pages in `scannedPages` instead of failing a fully scanned PDF (the Gemini OCR path). */
  allowScanned?: boolean;
}

export interface ExtractedPages {
  pageCount: number;
  /** Pages with readable Latin-script text, in order; blank, garbled, non-Latin and scanned pages are left out. */
  pages: PageText[];
  /**
   * 1-based numbers of pages without readable text that carry images (a scan). Reported whatever the engine:
   * the offline engine skips them, and the job should say so.
   */
  scannedPages: number[];
}

/**
 * Below this share of Latin letters a page is not French: Arabic, Cyrillic, or mojibake from a broken font.
 * Such pages are left out; when they outnumber the Latin pages the whole PDF fails with NOT_FRENCH.
 */
const MIN_LATIN_SHARE = 0.5;

const IMAGE_OPS = new Set([
  "paintImageXObject",
  "paintImageXObjectRepeat",
  "paintInlineImageXObject",
  "paintInlineImageXObjectGroup",
  "paintImageMaskXObject",
  "paintImageMaskXObjectRepeat",
  "paintImageMaskXObjectGroup",
  "paintJpegXObject",
]);

/** Extracts each page's text (leaving `bytes` intact); a bad PDF fails with a JobError naming the problem. */
export async function extractPages(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedPages> {
  // Loaded lazily: the pdf.js bundle is large and only the queue consumer needs it.
  const unpdf = await import("unpdf");
  const doc = await openDocument(unpdf.getDocumentProxy, bytes);
  try {
    const pageCount = doc.numPages;
    if (pageCount > options.maxPages) {
      throw new JobError(
        "PDF_TOO_MANY_PAGES",
        `This PDF has ${pageCount} pages; at most ${options.maxPages} pages can be processed.`,
      );
    }
    // A foreign book is refused from a sample of its pages, before the rest are read: a long German PDF fails
    // in seconds rather than after every page of it has been extracted.
    const probed = await probeLanguage(doc, pageCount);
    const pages: PageText[] = [];
    const withoutText: number[] = [];
    const foreign: number[] = [];
    let unreadable = 0;
    for (let n = 1; n <= pageCount; n++) {
      const text = probed.has(n) ? (probed.get(n) ?? null) : await readPageText(doc, n);
      if (text === null) unreadable++;
      else if (!isReadableText(text)) withoutText.push(n);
      else if (latinLetterShare(text) < MIN_LATIN_SHARE) foreign.push(n);
      else pages.push({ page: n, text: stripUnprintable(text) });
    }
    if (foreign.length > pages.length) {
      throw new JobError(
        "NOT_FRENCH",
        `${foreign.length} of the ${pageCount} pages of this PDF are mostly not in the Latin alphabet; it does not look like French text.`,
      );
    }
    refuseForeign(detectLanguage(pages));

    const { OPS } = await unpdf.getResolvedPDFJS();
    const imageOps = new Set(Object.entries(OPS).flatMap(([name, op]) => (IMAGE_OPS.has(name) ? [op] : [])));
    // When nothing has text and scans are refused, the first image page settles it: no need to decode the rest.
    const firstOnly = pages.length === 0 && !options.allowScanned;
    const scannedPages = await findImagePages(doc, withoutText, imageOps, firstOnly);

    if (pages.length === 0) {
      const error = noTextError(scannedPages.length > 0, unreadable > 0, options.allowScanned ?? false);
      if (error) throw error;
    }
    return { pageCount, pages, scannedPages };
  } finally {
    await doc.destroy();
  }
}

/** Pages read first, spread through the document, and how many of them must be judged to refuse it early. */
const PROBE_PAGES = 12;
const PROBE_MIN_JUDGED = 3;

/** Reads a sample of pages and refuses the document if they are in another language; returns their texts. */
async function probeLanguage(doc: PdfDocument, pageCount: number): Promise<Map<number, string | null>> {
  const texts = new Map<number, string | null>();
  const sample: PageText[] = [];
  const step = Math.max(1, pageCount / PROBE_PAGES);
  for (let i = 0; i < Math.min(PROBE_PAGES, pageCount); i++) {
    const n = 1 + Math.floor(i * step);
    const text = await readPageText(doc, n);
    texts.set(n, text);
    if (text !== null && isReadableText(text) && latinLetterShare(text) >= MIN_LATIN_SHARE)
      sample.push({ page: n, text: stripUnprintable(text) });
  }
  const verdict = detectLanguage(sample);
  if (verdict.judged >= PROBE_MIN_JUDGED) refuseForeign(verdict);
  return texts;
}

function refuseForeign(language: LanguageVerdict): void {
  if (language.french) return;
  throw new JobError(
    "NOT_FRENCH",
    `This PDF looks like ${language.name}, not French (judged on ${language.judged} of its pages); only French books can be turned into sentences.`,
  );
}

/** Opens a PDF with pdf.js, code evaluation off; a password or a damaged file fails with a JobError. */
export async function openDocument(open: typeof getDocumentProxy, bytes: Uint8Array): Promise<PdfDocument> {
  try {
    // pdf.js transfers (detaches) the buffer it is given: hand it a copy so the caller's bytes stay usable.
    return await open(bytes.slice(), {
      // Never evaluate code from the file, never render XFA forms; attachments are never read.
      isEvalSupported: false,
      enableXfa: false,
      verbosity: 0,
      stopAtErrors: false,
      disableFontFace: true,
      useWasm: false,
      useWorkerFetch: false,
      isOffscreenCanvasSupported: false,
      isImageDecoderSupported: false,
    });
  } catch (error) {
    if (error instanceof Error && error.name === "PasswordException") {
      throw new JobError(
        "PDF_ENCRYPTED",
        "This PDF is protected by a password. Remove the password (for example by printing it to a new PDF) and upload it again.",
        { cause: error },
      );
    }
    // What pdf.js says of a broken file; anything else is a fault on our side and must surface as one.
    if (error instanceof Error && UNREADABLE.has(error.name)) {
      throw new JobError("PDF_CORRUPT", "This PDF is damaged and cannot be read.", { cause: error });
    }
    throw error;
  }
}

const UNREADABLE = new Set([
  "InvalidPDFException",
  "FormatError",
  "MissingPDFException",
  "UnknownErrorException",
]);

/** The page's text, or null when pdf.js cannot read the page at all. */
export async function readPageText(doc: PdfDocument, pageNumber: number): Promise<string | null> {
  try {
    const page = await doc.getPage(pageNumber);
    const content = await page.getTextContent();
    // Marked-content items carry no `str`; everything else is a positioned run.
    const runs: TextRun[] = content.items.flatMap((item) => ("str" in item ? [item] : []));
    return pageTextFromRuns(runs);
  } catch {
    return null;
  }
}

async function findImagePages(
  doc: PdfDocument,
  pageNumbers: number[],
  imageOps: Set<number>,
  firstOnly: boolean,
): Promise<number[]> {
  const found: number[] = [];
  for (const n of pageNumbers) {
    try {
      const page = await doc.getPage(n);
      const { fnArray } = await page.getOperatorList();
      if (fnArray.some((op) => imageOps.has(op))) found.push(n);
    } catch {
      // A page whose drawing cannot be read is treated as blank.
    }
    if (firstOnly && found.length > 0) break;
  }
  return found;
}

/** Why a PDF without any text page fails, or null when its scanned pages are wanted (OCR path). */
function noTextError(
  hasImages: boolean,
  hasUnreadablePages: boolean,
  allowScanned: boolean,
): JobError | null {
  if (hasImages) {
    return allowScanned
      ? null
      : new JobError(
          "SCANNED_PDF",
          "This PDF is a scan: its pages are images without a text layer. Reading scanned pages needs the Gemini engine; choose it and try again.",
        );
  }
  if (hasUnreadablePages)
    return new JobError("PDF_CORRUPT", "This PDF is damaged and its pages cannot be read.");
  return new JobError("NO_TEXT", "This PDF contains no readable text.");
}
