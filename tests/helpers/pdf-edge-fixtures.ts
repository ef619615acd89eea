import {
  beginText,
  endText,
  moveText,
  PDFDocument,
  PDFHexString,
  PDFName,
  setFontAndSize,
  showText,
} from "@cantoo/pdf-lib";

/**
 * A page whose text uses a Type3 font with meaningless glyph names (/g1, /g2 …) and no ToUnicode map, the
 * way some producers embed fonts: pdf.js can only return the raw character codes (control characters).
 */
export async function makeGarbledPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const { context } = doc;
  const glyphs = ["g1", "g2", "g3", "g4"];
  const font = context.register(
    context.obj({
      Type: "Font",
      Subtype: "Type3",
      FontBBox: [0, 0, 1000, 1000],
      FontMatrix: [0.001, 0, 0, 0.001, 0, 0],
      FirstChar: 1,
      LastChar: glyphs.length,
      Widths: glyphs.map(() => 500),
      Encoding: context.obj({ Type: "Encoding", Differences: [1, ...glyphs.map((g) => PDFName.of(g))] }),
      CharProcs: context.obj(
        Object.fromEntries(glyphs.map((g) => [g, context.register(context.stream("500 0 d0"))])),
      ),
      Resources: context.obj({}),
    }),
  );
  const page = doc.addPage([300, 200]);
  const name = page.node.newFontDictionary("T3", font);
  page.pushOperators(
    beginText(),
    setFontAndSize(name, 12),
    moveText(20, 100),
    showText(PDFHexString.of("0102030401020304010203040102")),
    endText(),
  );
  return doc.save();
}

/** The pages of several PDFs, in order, in one document. */
export async function mergePdfs(parts: Uint8Array[]): Promise<Uint8Array> {
  const merged = await PDFDocument.create();
  for (const part of parts) {
    const source = await PDFDocument.load(part);
    for (const page of await merged.copyPages(source, source.getPageIndices())) merged.addPage(page);
  }
  return merged.save();
}
