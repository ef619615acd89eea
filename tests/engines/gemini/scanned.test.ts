import { PDFDocument } from "@cantoo/pdf-lib";
import { describe, expect, it } from "vitest";
import { transcribeScannedPages } from "../../../src/engines/gemini";
import {
  cut,
  engineOptions,
  fakeFallback,
  fakeGemini,
  LONG_A,
  reply,
  SETTINGS,
  type SentBody,
} from "../../helpers/gemini";
import { network } from "../../helpers/network";

/** A 3-page PDF whose page n is 100·n points wide, so the fake can tell which page it was sent. */
async function threePagePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const n of [1, 2, 3]) pdf.addPage([100 * n, 800]).drawText(`Page ${n}`, { x: 10, y: 700 });
  return pdf.save();
}

/** The inline PDF of a transcribe request: its MIME type, page count and the width of its page. */
async function sentPdf(body: SentBody): Promise<{ mimeType: string; pages: number; page: number }> {
  const inline = body.contents[0]?.parts[0]?.inlineData;
  if (!inline) throw new Error("no inline part");
  const pdf = await PDFDocument.load(Uint8Array.from(atob(inline.data), (ch) => ch.charCodeAt(0)));
  const width = pdf.getPage(0).getSize().width;
  return { mimeType: inline.mimeType, pages: pdf.getPageCount(), page: Math.round(width / 100) };
}

describe("transcribeScannedPages", () => {
  it("sends each page as a one-page application/pdf part and numbers the sentences it gets back", async () => {
    const sent: { mimeType: string; pages: number; page: number }[] = [];
    const fake = fakeGemini(async (body) => {
      const pdf = await sentPdf(body);
      sent.push(pdf);
      const answer =
        pdf.page === 1 ? [["Le roi dormait."], [LONG_A]] : [["La reine chantait.", "Il pleuvait."]];
      return reply(answer, { usage: [300, 20] });
    });
    network.use(fake.handler);
    const fallback = fakeFallback();
    const result = await transcribeScannedPages(engineOptions({ fallback: fallback.engine }), {
      pdf: await threePagePdf(),
      pages: [3, 1],
      settings: SETTINGS,
      firstSourceIndex: 10,
    });

    expect(sent.sort((a, b) => a.page - b.page)).toEqual([
      { mimeType: "application/pdf", pages: 1, page: 1 },
      { mimeType: "application/pdf", pages: 1, page: 3 },
    ]);
    expect(result.sentences).toEqual([
      { text: "Le roi dormait.", page: 1, sourceIndex: 10, fallback: false },
      ...cut(LONG_A, 8).map((text) => ({ text, page: 1, sourceIndex: 11, fallback: true })),
      { text: "La reine chantait.", page: 3, sourceIndex: 12, fallback: false },
      { text: "Il pleuvait.", page: 3, sourceIndex: 12, fallback: false },
    ]);
    expect(fallback.asked).toEqual([[{ index: 11, text: LONG_A, page: 1 }]]);
    expect(result).toMatchObject({ nextSourceIndex: 13, failedPages: [] });
    expect(result.sources).toEqual([
      { index: 10, text: "Le roi dormait." },
      { index: 11, text: LONG_A },
      { index: 12, text: "La reine chantait. Il pleuvait." },
    ]);
    expect(result.usage).toEqual({ input_tokens: 600, output_tokens: 40, calls: 2 });
    expect(result.stats).toMatchObject({ sentences: 5, over_limit: 0 });
  });

  it("reports blocked, unreadable and missing pages as failed instead of inventing text", async () => {
    const fake = fakeGemini(async (body) => {
      const { page } = await sentPdf(body);
      return page === 1 ? reply("", { blockReason: "SAFETY" }) : reply("désolé, je ne peux pas");
    });
    network.use(fake.handler);
    const result = await transcribeScannedPages(engineOptions(), {
      pdf: await threePagePdf(),
      pages: [1, 2, 9],
      settings: SETTINGS,
      firstSourceIndex: 0,
    });
    expect(result.failedPages).toEqual([1, 2, 9]);
    expect(result.sentences).toEqual([]);
    expect(result.nextSourceIndex).toBe(0);
    expect(fake.bodies).toHaveLength(3);
    expect(result.usage.calls).toBe(3);
  });
});
