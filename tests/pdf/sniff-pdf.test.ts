import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/lib/errors";
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffPdf } from "../../src/pdf/sniff-pdf";
import { headAndTail } from "../helpers/corpus";
import { makeFrenchPdf, makeTruncatedPdf } from "../helpers/pdf-fixtures";

const bytes = (text: string) => new TextEncoder().encode(text);

function sniffCode(file: Uint8Array): string | null {
  try {
    sniffPdf(...headAndTail(file));
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    return (error as ApiError).code;
  }
}

describe("sniffPdf", () => {
  it("asks for 1 KB at each end", () => {
    expect([SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES]).toEqual([1024, 1024]);
  });

  it("accepts a real PDF", async () => {
    expect(sniffCode(await makeFrenchPdf({ pages: [["Bonjour."]] }))).toBeNull();
  });

  it("refuses an empty file with PDF_EMPTY", () => {
    expect(sniffCode(new Uint8Array())).toBe("PDF_EMPTY");
  });

  it("refuses text, HTML and anything not starting with %PDF- at offset 0", () => {
    expect(sniffCode(bytes("oops"))).toBe("NOT_A_PDF");
    expect(sniffCode(bytes("<html><body>%PDF-1.4</body></html>\n%%EOF"))).toBe("NOT_A_PDF");
    expect(sniffCode(bytes(" %PDF-1.7\n1 0 obj\n%%EOF"))).toBe("NOT_A_PDF");
    expect(sniffCode(bytes("%PDF"))).toBe("NOT_A_PDF");
  });

  it("refuses a PDF header without %%EOF in the last 1024 bytes", () => {
    expect(sniffCode(bytes("%PDF-1.4\n1 0 obj\n<< >>\nendobj\n"))).toBe("NOT_A_PDF");
    const far = bytes(`%PDF-1.4\n%%EOF\n${"x".repeat(1030)}`);
    expect(sniffCode(far)).toBe("NOT_A_PDF");
  });

  it("accepts %%EOF followed by a little trailing garbage", () => {
    expect(sniffCode(bytes(`%PDF-1.4\n${"y".repeat(5000)}\n%%EOF\r\n${"\0".repeat(900)}`))).toBeNull();
  });

  it("lets a truncated PDF through (it fails later, in extraction)", async () => {
    expect(sniffCode(await makeTruncatedPdf())).toBeNull();
  });
});
