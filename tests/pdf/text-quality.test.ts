import { describe, expect, it } from "vitest";
import { isReadableText, latinLetterShare, stripUnprintable } from "../../src/pdf/text-quality";

describe("text quality", () => {
  it("accepts French text with a few stray glyphs", () => {
    expect(isReadableText("Le chevalier arriva au château.\u0004")).toBe(true);
  });

  it("rejects text without letters or made of control, private-use or replacement characters", () => {
    expect(isReadableText("12 — 13")).toBe(false);
    expect(isReadableText("\u0001\u0002\u0003\u0004 a\u0001\u0002")).toBe(false);
    expect(isReadableText("\uE001\uE002\uF8FF\uE003 ab")).toBe(false);
    expect(isReadableText("\uFFFD\uFFFD\uFFFD\uFFFD a")).toBe(false);
  });

  it("strips unprintable characters but keeps line breaks", () => {
    expect(stripUnprintable("Fin\u0004.\n\nSuite\uF8EB\uFFFD.")).toBe("Fin.\n\nSuite.");
  });

  it("measures the share of Latin letters", () => {
    expect(latinLetterShare("Élève, œuvre, ça !")).toBe(1);
    expect(latinLetterShare("habibi حبيبي حبيبي")).toBeLessThan(0.5);
    expect(latinLetterShare("123 …")).toBe(1);
  });
});
