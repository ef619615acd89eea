import { EncryptedPDFError, PDFDocument } from "@cantoo/pdf-lib";
import { JobError } from "../lib/job-error";

/**
 * Cuts the given pages out of a PDF as one-page PDFs, handing each to `store` as soon as it is made (so a long
 * scan never holds every page at once). The scanned-page chunks then read only their own page.
 */
export async function splitPages(
  bytes: Uint8Array,
  pages: readonly number[],
  store: (page: number, pdf: Uint8Array) => Promise<void>,
): Promise<void> {
  const source = await loadForCopy(bytes);
  for (const page of pages) {
    const single = await PDFDocument.create();
    const [copied] = await single.copyPages(source, [page - 1]);
    if (copied) single.addPage(copied);
    await store(page, await single.save());
  }
}

async function loadForCopy(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) {
      throw new JobError(
        "PDF_ENCRYPTED",
        "This PDF is protected, so its scanned pages cannot be sent to Gemini. Remove the protection (for example by printing it to a new PDF) and upload it again.",
        { cause: error },
      );
    }
    throw new JobError("PDF_CORRUPT", "The scanned pages of this PDF could not be read.", { cause: error });
  }
}
