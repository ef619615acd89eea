import { describe, expect, it } from "vitest";
import { splitSentence } from "../../../src/engines/offline";
import { overLimitSlack } from "../../../src/engines/offline/split-sentence";
import type { SentenceSettings } from "../../../src/engines/types";
import { countWords } from "../../../src/engines/words";
import { isDanglingWord } from "../../../src/lib/french/function-words";

const settings = (limit: number, min = 2): SentenceSettings => ({
  sentenceLengthLimit: limit,
  minSentenceLength: min,
  ignoreDialogue: false,
  preserveFormatting: true,
  fixHyphenation: true,
});
const lastWord = (piece: string) => piece.split(/\s+/u).at(-1) ?? "";

describe("splitSentence: cuts at clause boundaries", () => {
  it("never ends a piece on a determiner, preposition, clitic or conjunction", () => {
    for (const text of [
      "Une seule idée occupait sa tête vide d'ouvrier fatigué par la longue journée.",
      "Alors jetez un coup d'œil à la vitrine du vieux libraire de la rue Mouffetard.",
      "Dans le journal de demain matin il y aura ma photo à la une de toutes les éditions.",
    ]) {
      const pieces = splitSentence(text, settings(8));
      expect(
        pieces.filter((piece) => isDanglingWord(lastWord(piece))),
        text,
      ).toEqual([]);
      expect(pieces.join(" ")).toBe(text);
    }
  });

  it("cuts before a conjunction or relative that opens a clause with a verb", () => {
    expect(
      splitSentence(
        "Le vieux marin regardait la mer grise et les enfants jouaient sur le sable mouillé.",
        settings(8),
      ),
    ).toEqual(["Le vieux marin regardait la mer grise", "et les enfants jouaient sur le sable mouillé."]);
  });

  it("keeps a subject pronoun with its verb and a noun phrase whole", () => {
    const pieces = splitSentence(
      "Hier au soir nous partirons pour la grande maison blanche du notaire.",
      settings(6),
    );
    for (const piece of pieces) expect(piece).not.toMatch(/\b(?:nous|la|grande)$/u);
  });

  it("lets a piece run a few words over rather than cut it badly, and counts no more", () => {
    const text = "Les très vieilles maisons blanches abandonnées.";
    expect(splitSentence(text, settings(5))).toEqual([text]);
    const long = `${"très ".repeat(20)}vieux.`;
    for (const piece of splitSentence(long, settings(5)))
      expect(countWords(piece)).toBeLessThanOrEqual(5 + overLimitSlack(5));
  });
});
