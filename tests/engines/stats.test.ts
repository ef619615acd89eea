import { describe, expect, it } from "vitest";
import { addUsage, sentenceStats, sumStats } from "../../src/engines/stats";

const settings = {
  sentenceLengthLimit: 4,
  minSentenceLength: 2,
  ignoreDialogue: false,
  preserveFormatting: true,
  fixHyphenation: true,
};
const out = (text: string) => ({ text, page: 1, sourceIndex: 0, fallback: false });

describe("engine stats", () => {
  it("count words in and out, sentences over the limit and fragments", () => {
    const stats = sentenceStats(
      ["Il pleut sur la ville, ce soir."],
      [out("Il pleut sur la ville,"), out("ce soir."), out("Oui.")],
      settings,
    );
    expect(stats).toEqual({ sentences: 3, over_limit: 1, fragments: 1, words_in: 7, words_out: 8 });
  });

  it("add up field by field", () => {
    const a = { sentences: 3, over_limit: 1, fragments: 0, words_in: 40, words_out: 40 };
    const b = { sentences: 2, over_limit: 0, fragments: 2, words_in: 9, words_out: 9 };
    expect(sumStats(a, b)).toEqual({
      sentences: 5,
      over_limit: 1,
      fragments: 2,
      words_in: 49,
      words_out: 49,
    });
    expect(
      addUsage(
        { input_tokens: 1, output_tokens: 2, calls: 1 },
        { input_tokens: 3, output_tokens: 4, calls: 2 },
      ),
    ).toEqual({
      input_tokens: 4,
      output_tokens: 6,
      calls: 3,
    });
  });
});
