import { ApiError } from "../lib/errors";

/** How many leading bytes `sniffPdf` needs: the upload keeps this much of the start of the body. */
export const SNIFF_HEAD_BYTES = 1024;
/** How many trailing bytes `sniffPdf` needs: the upload keeps a rolling window of this size. */
export const SNIFF_TAIL_BYTES = 1024;

const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const EOF_MARK = [0x25, 0x25, 0x45, 0x4f, 0x46]; // "%%EOF"

/** Cheap upload-time check that the bytes are a PDF, whatever the filename or content type claim. */
export function sniffPdf(head: Uint8Array, tail: Uint8Array): void {
  if (head.length === 0 && tail.length === 0) {
    throw new ApiError("PDF_EMPTY", { detail: "The uploaded file is empty." });
  }
  const startsWithMagic = MAGIC.every((byte, i) => head[i] === byte);
  if (!startsWithMagic || !contains(tail.subarray(-SNIFF_TAIL_BYTES), EOF_MARK)) {
    throw new ApiError("NOT_A_PDF", {
      detail: "The uploaded file is not a PDF (it must start with %PDF- and end with %%EOF).",
    });
  }
}

function contains(haystack: Uint8Array, needle: number[]): boolean {
  outer: for (let i = haystack.length - needle.length; i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}
