import { describe, expect, it } from "vitest";
import { createOfflineEngine } from "../../../src/engines/offline";
import type { SentenceSettings, SourceSentence } from "../../../src/engines/types";

const settings: SentenceSettings = {
  sentenceLengthLimit: 8,
  minSentenceLength: 3,
  ignoreDialogue: false,
  preserveFormatting: true,
  fixHyphenation: true,
};

const sources: SourceSentence[] = [
  { index: 7, page: 2, text: "Il partit de bonne heure pour la ville ; sa femme resta seule à la maison." },
  { index: 8, page: 3, text: "Oui." },
  {
    index: 9,
    page: 3,
    text: "Les enfants du village jouaient dans la cour de l'école",
    chapter: "CHAPITRE II",
  },
];

describe("createOfflineEngine", () => {
  const engine = createOfflineEngine();

  it("is the offline engine, without a model", () => {
    expect(engine.name).toBe("offline");
    expect(engine.model).toBeNull();
  });

  it("maps each source sentence to output sentences keeping page, index and chapter", async () => {
    const { sentences, usage } = await engine.rewrite(sources, settings);
    expect(sentences).toEqual([
      { text: "Il partit de bonne heure pour la ville ;", page: 2, sourceIndex: 7, fallback: false },
      { text: "sa femme resta seule à la maison.", page: 2, sourceIndex: 7, fallback: false },
      { text: "Oui.", page: 3, sourceIndex: 8, fallback: false },
      {
        text: "Les enfants du village jouaient",
        page: 3,
        sourceIndex: 9,
        fallback: false,
        chapter: "CHAPITRE II",
      },
      { text: "dans la cour de l'école", page: 3, sourceIndex: 9, fallback: false, chapter: "CHAPITRE II" },
    ]);
    expect(usage).toEqual({ input_tokens: 0, output_tokens: 0, calls: 0 });
  });

  it("counts sentences, fragments, over-limit outputs and words", async () => {
    const { stats } = await engine.rewrite(sources, settings);
    expect(stats).toEqual({ sentences: 5, over_limit: 0, fragments: 1, words_in: 26, words_out: 26 });
    const dialogue = [{ index: 0, page: 1, text: "« Je ne veux pas partir, car il fait nuit noire. »" }];
    const kept = await engine.rewrite(dialogue, { ...settings, ignoreDialogue: true });
    expect(kept.stats).toMatchObject({ sentences: 1, over_limit: 1 });
  });

  it("gives the same output for the same input", async () => {
    expect(await engine.rewrite(sources, settings)).toEqual(await engine.rewrite(sources, settings));
  });

  it("returns nothing for no sentences", async () => {
    const { sentences, stats } = await engine.rewrite([], settings);
    expect(sentences).toEqual([]);
    expect(stats).toEqual({ sentences: 0, over_limit: 0, fragments: 0, words_in: 0, words_out: 0 });
  });

  it("stops when the job is aborted", async () => {
    await expect(engine.rewrite(sources, settings, AbortSignal.abort())).rejects.toThrow();
  });
});
