import { describe, expect, it } from "vitest";
import { splitSentence } from "../../../src/engines/offline";
import { overLimitSlack } from "../../../src/engines/offline/split-sentence";
import type { SentenceSettings } from "../../../src/engines/types";
import { countWords, words } from "../../../src/engines/words";

const settings = (limit: number, min = 1, ignoreDialogue = false): SentenceSettings => ({
  sentenceLengthLimit: limit,
  minSentenceLength: min,
  ignoreDialogue,
  preserveFormatting: true,
  fixHyphenation: true,
});

describe("splitSentence: where it cuts", () => {
  it("leaves a sentence within the limit alone, whitespace normalised", () => {
    expect(splitSentence("Il  pleut\nsur la ville.", settings(10))).toEqual(["Il pleut sur la ville."]);
    expect(splitSentence("  ", settings(10))).toEqual([]);
  });

  it("cuts at a semicolon", () => {
    const text =
      "Il partit de bonne heure pour la ville voisine ; sa femme resta seule à la maison avec les enfants.";
    expect(splitSentence(text, settings(12, 3))).toEqual([
      "Il partit de bonne heure pour la ville voisine ;",
      "sa femme resta seule à la maison avec les enfants.",
    ]);
  });

  it("cuts at commas when there is no semicolon or colon", () => {
    const text =
      "Le matin de bonne heure, avant le lever du soleil sur la mer, les pêcheurs du village préparaient leurs filets sur la plage.";
    expect(splitSentence(text, settings(12, 3))).toEqual([
      "Le matin de bonne heure,",
      "avant le lever du soleil sur la mer,",
      "les pêcheurs du village préparaient leurs filets sur la plage.",
    ]);
  });

  it("cuts before a relative or a conjunction when there is no punctuation", () => {
    const relative =
      "Le vieux marin racontait des histoires aux enfants du village qui l'écoutaient devant la cheminée.";
    expect(splitSentence(relative, settings(10, 3))).toEqual([
      "Le vieux marin racontait des histoires aux enfants du village",
      "qui l'écoutaient devant la cheminée.",
    ]);
    const conjunction =
      "Le vieux marin racontait des histoires aux enfants et les femmes écoutaient en silence.";
    expect(splitSentence(conjunction, settings(10, 3))[1]).toBe("et les femmes écoutaient en silence.");
  });

  it("cuts before a two-word conjunction, not inside it", () => {
    const text =
      "Il ne vint pas ce jour-là chez son vieil ami parce que la pluie tombait à verse sur la campagne.";
    expect(splitSentence(text, settings(12, 3))[1]).toBe(
      "parce que la pluie tombait à verse sur la campagne.",
    );
  });

  it("cuts a run without punctuation near the middle, or into equal pieces", () => {
    const run = `${Array.from({ length: 60 }, (_, i) => `mot${i}`).join(" ")}.`;
    expect(splitSentence(run, settings(40, 3)).map(countWords)).toEqual([30, 30]);
    expect(splitSentence(run, settings(20, 3)).map(countWords)).toEqual([20, 20, 20]);
  });

  it("keeps punctuation with its word", () => {
    const pieces = splitSentence(
      "Il dit : « Bonjour » ; puis il partit vers la gare sans se retourner.",
      settings(5, 2),
    );
    expect(pieces[0]).toBe("Il dit : « Bonjour » ;");
    for (const piece of pieces) {
      expect(piece).not.toMatch(/^[;:,.!?»]/u);
      expect(piece).not.toMatch(/[«—]$/u);
    }
  });
});

describe("splitSentence: short pieces", () => {
  it("avoids cuts that leave a piece under the minimum", () => {
    const pieces = splitSentence("Oui, il est venu hier, avec sa femme et ses deux enfants.", settings(8, 3));
    expect(pieces).toEqual(["Oui, il est venu hier,", "avec sa femme et ses deux enfants."]);
  });

  it("merges a short piece into a neighbour when the result fits the limit", () => {
    const pieces = splitSentence(
      "Oui ; nous partirons demain, avec les enfants de la voisine.",
      settings(6, 4),
    );
    expect(pieces).toEqual(["Oui ; nous partirons demain,", "avec les enfants de la voisine."]);
  });

  it("keeps a short piece rather than exceed the limit", () => {
    expect(splitSentence("Oui, il est venu hier.", settings(4, 3))).toEqual(["Oui,", "il est venu hier."]);
  });
});

describe("splitSentence: dialogue", () => {
  const speech = "« Je ne veux pas partir maintenant, dit-elle, car il fait nuit et j'ai peur du loup. »";

  it("keeps quoted speech whole with ignoreDialogue", () => {
    expect(splitSentence(speech, settings(5, 1, true))).toEqual([speech]);
    expect(splitSentence(speech, settings(5, 1, false)).length).toBeGreaterThan(1);
  });

  it("keeps a dash dialogue line whole with ignoreDialogue", () => {
    const line = "— Je ne veux pas partir maintenant, dit-elle, car il fait nuit et j'ai peur du loup.";
    expect(splitSentence(line, settings(5, 1, true))).toEqual([line]);
  });

  it("still cuts the narration around quoted speech", () => {
    const text = "Il lui dit alors d'une voix douce et lente : « Je ne veux pas partir, car il fait nuit. »";
    const pieces = splitSentence(text, settings(6, 2, true));
    expect(pieces.at(-1)).toBe("« Je ne veux pas partir, car il fait nuit. »");
    expect(pieces.slice(0, -1).every((piece) => countWords(piece) <= 6)).toBe(true);
  });

  it("lets the narration after a dialogue line's closing guillemet be cut", () => {
    const text =
      "— Monseigneur, » voulut encore dire M^me^ de Conflans pour expliquer qu'elle ne demandait rien ; mais le cardinal la poussa dehors.";
    expect(splitSentence(text, settings(15, 3, true))).toEqual([
      "— Monseigneur, » voulut encore dire M^me^ de Conflans pour expliquer qu'elle ne demandait rien ;",
      "mais le cardinal la poussa dehors.",
    ]);
  });
});

describe("splitSentence: invariants", () => {
  /** Deterministic pseudo-random numbers (mulberry32) so a failing case can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const vocabulary = (
    "il elle le la les un une de du des maison roi cardinal l'homme qu'il d'Orléans s'écria-t-il 3,14 1.5 " +
    "et mais ou donc or ni car puis qui que dont où lorsque quand comme si parce ce tandis alors M. etc. " +
    ", , , ; : « » — ( ) ! ? … mot, fin. «\u00A0Bonjour\u00A0» * ^[note.]"
  ).split(" ");
  const spaces = [" ", " ", " ", "  ", "\n", "\u00A0"];

  function sentence(next: () => number): string {
    const length = 1 + Math.floor(next() * 120);
    let text = "";
    for (let i = 0; i < length; i++) {
      text += vocabulary[Math.floor(next() * vocabulary.length)];
      text += spaces[Math.floor(next() * spaces.length)];
    }
    return text;
  }

  it("never drops, adds or reorders a word and exceeds the limit by at most the slack (2 000 random sentences)", () => {
    const next = random(20_240_601);
    for (let i = 0; i < 2000; i++) {
      const text = sentence(next);
      const limit = 3 + Math.floor(next() * 48);
      const min = 1 + Math.floor(next() * Math.min(10, limit));
      const ignoreDialogue = next() < 0.5;
      const pieces = splitSentence(text, settings(limit, min, ignoreDialogue));
      expect(words(pieces.join(" ")), text).toEqual(words(text));
      for (const piece of pieces) {
        if (countWords(text) > 0) expect(countWords(piece), text).toBeGreaterThan(0);
        if (!ignoreDialogue)
          expect(countWords(piece), text).toBeLessThanOrEqual(limit + overLimitSlack(limit));
      }
    }
  });

  it("is deterministic and ignores preserveFormatting", () => {
    const text =
      "Il partit ; elle resta, et les enfants, qui dormaient, ne virent rien de ce qui se passait.";
    const once = splitSentence(text, settings(6, 2));
    expect(splitSentence(text, settings(6, 2))).toEqual(once);
    expect(splitSentence(text, { ...settings(6, 2), preserveFormatting: false })).toEqual(once);
  });
});
