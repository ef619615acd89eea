import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from "pdf-lib";
import { drawCentred, drawLine, FOOT_Y, HEAD_Y, LINES_PER_PAGE, PAGE, wrapParagraph } from "./book-page.mjs";

export interface FrenchPdfOptions {
  /** Paragraphs per page; "\n" inside a paragraph forces a line break (e.g. "cheva-\nlier"). */
  pages: string[][];
  /** Drawn at the top of every page; "{page}" is replaced by the page number. */
  runningHead?: string;
  /** Draw the page number at the bottom of every page. */
  pageNumbers?: boolean;
}

/** A text PDF with real line wrapping (WinAnsi only: é è à ç ô œ « » — ’ are fine, U+202F is not). */
export async function makeFrenchPdf(options: FrenchPdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  options.pages.forEach((paragraphs, index) => {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    if (options.runningHead)
      drawCentred(page, font, options.runningHead.replace("{page}", String(index + 1)), HEAD_Y);
    let row = 0;
    for (const paragraph of paragraphs) {
      wrapParagraph(paragraph, font).forEach((line, i) => {
        if (row >= LINES_PER_PAGE) throw new Error(`makeFrenchPdf: page ${index + 1} overflows`);
        drawLine(page, font, line, row++, i === 0);
      });
    }
    if (options.pageNumbers) drawCentred(page, font, String(index + 1), FOOT_Y);
  });
  return doc.save();
}

/**
 * A PDF with `pageCount` short text pages (for the page limit), written object by object: pdf-lib spends seconds
 * on a thousand pages.
 */
export async function makeManyPagesPdf(pageCount: number): Promise<Uint8Array> {
  // Objects 1-3 are the catalog, the page tree and the font; page n is object 2n + 2, its text 2n + 3.
  const pages = Array.from({ length: pageCount }, (_, i) => {
    const text = `BT /F1 12 Tf 20 100 Td (Page ${i + 1}.) Tj ET`;
    return [
      [
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 3 0 R >> >> /Contents ${2 * i + 5} 0 R >>`,
      ],
      [`<< /Length ${text.length} >>\nstream\n${text}\nendstream`],
    ];
  });
  const kids = pages.map((_, i) => `${2 * i + 4} 0 R`).join(" ");
  return writePdf(
    [
      ["<< /Type /Catalog /Pages 2 0 R >>"],
      [`<< /Type /Pages /Kids [${kids}] /Count ${pageCount} >>`],
      ["<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>"],
      ...pages.flat(),
    ],
    "/Root 1 0 R",
  );
}

/** A one-page PDF whose only content is an embedded grey image: what a scanner produces. */
export async function makeImageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const side = 16;
  const pixels = Uint8Array.from({ length: side * side }, (_, i) => (i * 37) % 256);
  const image = doc.context.register(
    doc.context.stream(pixels, {
      Type: "XObject",
      Subtype: "Image",
      Width: side,
      Height: side,
      ColorSpace: "DeviceGray",
      BitsPerComponent: 8,
    }),
  );
  const name = page.node.newXObject("Scan", image);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(PAGE.width - 40, 0, 0, PAGE.height - 40, 20, 20),
    drawObject(name),
    popGraphicsState(),
  );
  return doc.save();
}

/** A real PDF cut in half that still starts with %PDF- and ends with %%EOF: passes the sniff, fails to parse. */
export async function makeTruncatedPdf(): Promise<Uint8Array> {
  const full = await makeFrenchPdf({ pages: [["Il était une fois un chevalier."], ["Fin de l’histoire."]] });
  return concat([full.subarray(0, Math.floor(full.length / 2)), ascii("\n%%EOF\n")]);
}

/** Padding of the standard security handler (ISO 32000-1, 7.6.3.3). */
const PASSWORD_PAD = Uint8Array.from(
  "28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a".match(/../g)!,
  (byte) => Number.parseInt(byte, 16),
);

/** A one-page PDF encrypted with RC4 40-bit (revision 2) and user password "secret"; opening it needs it. */
export async function makeEncryptedPdf(): Promise<Uint8Array> {
  const pad = (password: string) => concat([ascii(password), PASSWORD_PAD]).subarray(0, 32);
  const id = ascii("fnt-fixture-id-1");
  const permissions = new Uint8Array(4);
  new DataView(permissions.buffer).setInt32(0, -44, true);
  const owner = rc4((await md5(pad("owner"))).subarray(0, 5), pad("secret"));
  const key = (await md5(concat([pad("secret"), owner, permissions, id]))).subarray(0, 5);
  // Object 5 (the content stream), generation 0: key + 3 bytes of number + 2 of generation, 10-byte key.
  const streamKey = (await md5(concat([key, Uint8Array.of(5, 0, 0, 0, 0)]))).subarray(0, 10);
  const content = rc4(streamKey, ascii("BT /F1 18 Tf 40 100 Td (Texte secret.) Tj ET"));
  const objects: (string | Uint8Array)[][] = [
    ["<< /Type /Catalog /Pages 2 0 R >>"],
    ["<< /Type /Pages /Kids [3 0 R] /Count 1 >>"],
    [
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    ],
    ["<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
    [`<< /Length ${content.length} >>\nstream\n`, content, "\nendstream"],
    [`<< /Filter /Standard /V 1 /R 2 /O <${hex(owner)}> /U <${hex(rc4(key, PASSWORD_PAD))}> /P -44 >>`],
  ];
  return writePdf(objects, `/Root 1 0 R /Encrypt 6 0 R /ID [<${hex(id)}> <${hex(id)}>]`);
}

/** Numbers `objects` from 1 and writes them as a PDF with its cross-reference table; `trailer` follows /Size. */
function writePdf(objects: (string | Uint8Array)[][], trailer: string): Uint8Array<ArrayBuffer> {
  const parts = [ascii("%PDF-1.4\n")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    const bytes = concat(
      [`${i + 1} 0 obj\n`, ...body, "\nendobj\n"].map((part) =>
        typeof part === "string" ? ascii(part) : part,
      ),
    );
    offsets.push(length);
    parts.push(bytes);
    length += bytes.length;
  });
  const xref = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  parts.push(
    ascii(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${xref}trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${length}\n%%EOF\n`,
    ),
  );
  return concat(parts);
}

async function md5(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  // workerd implements MD5 in WebCrypto; the PDF standard security handler requires it.
  return new Uint8Array(await crypto.subtle.digest("MD5", data));
}

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

function ascii(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
