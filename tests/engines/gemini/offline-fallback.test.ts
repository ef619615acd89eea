import { describe, expect, it } from "vitest";
import { createOfflineEngine } from "../../../src/engines/offline";
import { countWords, words } from "../../../src/engines/words";
import {
  fakeGemini,
  LONG_A,
  LONG_B,
  reply,
  SETTINGS,
  SHORT,
  sources,
  testEngine,
} from "../../helpers/gemini";
import { network } from "../../helpers/network";

describe("gemini engine with the real offline engine as fallback", () => {
  it("loses no sentence and no word when Gemini blocks everything", async () => {
    network.use(fakeGemini(() => reply("", { blockReason: "SAFETY" })).handler);
    const input = sources(SHORT, LONG_A, LONG_B);
    const result = await testEngine({ fallback: createOfflineEngine() }).rewrite(input, SETTINGS);

    expect([...new Set(result.sentences.map((s) => s.sourceIndex))]).toEqual([0, 1, 2]);
    expect(result.sentences.flatMap((s) => words(s.text))).toEqual(input.flatMap((s) => words(s.text)));
    for (const sentence of result.sentences) {
      expect(sentence.fallback).toBe(sentence.sourceIndex !== 0);
      expect(countWords(sentence.text)).toBeLessThanOrEqual(SETTINGS.sentenceLengthLimit);
    }
  });
});
