import { describe, expect, it } from "vitest";
import { segmentSentences } from "../../../src/engines/offline";

const texts = (text: string, extraAbbreviations?: string[]) =>
  segmentSentences([{ page: 1, text }], { extraAbbreviations }).map((sentence) => sentence.text);

describe("segmentSentences: abbreviations of every kind, any case", () => {
  it.each([
    ["Mrs. Dalloway dit qu'elle achèterait les fleurs. Elle sortit.", 2],
    ["La société Acme Inc. a racheté Dupont Ltd. en mars. Le marché a suivi.", 2],
    ["Voir la réf. 12 du catalogue. Elle est épuisée.", 2],
    ["Il naquit le 3 janv. 1789 à Paris. Il mourut le 4 déc. 1850.", 2],
    ["Il habitait au 12 bd. Haussmann depuis longtemps. Puis il partit.", 2],
    ["LL. AA. les princes arrivèrent. La fête commença.", 2],
    ["Ce modèle affiche « LL.AA.II.RR. » pour Leurs Altesses. Il est utile.", 2],
    ["Il écrivit à m. Dupont et à mme. Durand. Ils répondirent.", 2],
    ["On trouve cela p. ex. chez Balzac, cf. La Comédie humaine. Fin.", 2],
    ["Son art. Il n'avait rien d'autre.", 2],
  ])("%s", (text, count) => {
    expect(texts(text)).toHaveLength(count);
  });

  it("takes the user's own abbreviations, with or without their period", () => {
    expect(texts("Le Gal. Leclerc entra dans Paris. La foule l'acclama.")).toHaveLength(2);
    expect(texts("Le cpt. Nemo plongea. Personne ne le revit.")).toHaveLength(2);
    expect(texts("Voir le suppl. Martin pour la suite.", ["Suppl."])).toHaveLength(1);
    expect(texts("La Sté. Générale ferma. On pleura.", ["sté"])).toHaveLength(2);
    expect(texts("Le brig. Martin arriva.")).toEqual(["Le brig.", "Martin arriva."]);
    expect(texts("Le brig. Martin arriva.", ["brig"])).toEqual(["Le brig. Martin arriva."]);
  });
});

describe("segmentSentences: headings, notes, brackets", () => {
  it("keeps a heading with its number: Chapitre 1. Introduction.", () => {
    expect(texts("Chapitre 1. Introduction.\n\nIl était une fois.")).toEqual([
      "Chapitre 1. Introduction.",
      "Il était une fois.",
    ]);
    expect(texts("Il relut le chapitre 3. Puis il dormit.")).toHaveLength(2);
  });

  it("ends a sentence after a footnote marker behind the full stop", () => {
    expect(texts("Il le dit à Chris.[4] Je le sus plus tard.")).toEqual([
      "Il le dit à Chris.[4]",
      "Je le sus plus tard.",
    ]);
    expect(texts("Il mourut en exil.¹ Sa femme resta.")).toHaveLength(2);
    expect(texts("Il mourut en exil.12 Sa femme resta.")).toHaveLength(2);
    expect(texts("Le taux passa de 1.5 à 3 cette année-là.")).toHaveLength(1);
  });

  it("never ends a sentence at an ellipsis in brackets", () => {
    expect(texts("Il dit (...) que tout allait bien.")).toHaveLength(1);
    expect(texts("Il se tut […] Puis il reprit sa lecture.")).toHaveLength(1);
    expect(texts("Il se tut (…) Alors elle partit.")).toHaveLength(1);
  });

  it("ends inside parentheses and quotes", () => {
    expect(texts("Il partit (il était tard.) Elle resta.")).toEqual([
      "Il partit (il était tard.)",
      "Elle resta.",
    ]);
    expect(texts("Elle dit : « Non. » Il sortit.")).toEqual(["Elle dit : « Non. »", "Il sortit."]);
  });

  it("starts a sentence at a lower-case word that clearly opens one, never after an abbreviation", () => {
    expect(texts("Il ferma la porte. il faisait nuit.")).toEqual(["Il ferma la porte.", "il faisait nuit."]);
    expect(texts("Il acheta du pain, du vin, etc. et rentra chez lui.")).toHaveLength(1);
    expect(texts("Voyez le vol. les deux premiers chapitres.")).toHaveLength(1);
    expect(texts("Il marchait sur le bd. de la Gare.")).toHaveLength(1);
    expect(texts("Il hésita... puis partit.")).toHaveLength(1);
  });
});

describe("segmentSentences: chapters", () => {
  it("gives every sentence the chapter of the heading before it, across pages", () => {
    const sentences = segmentSentences([
      { page: 1, text: "", chapters: [{ at: 0, title: "PREMIÈRE PARTIE — I" }] },
      { page: 2, text: "Il partit. Elle resta", chapters: [] },
      { page: 3, text: "seule.\n\nLe soir vint.", chapters: [{ at: 8, title: "II" }] },
    ]);
    expect(sentences).toEqual([
      { index: 0, text: "Il partit.", page: 2, chapter: "PREMIÈRE PARTIE — I" },
      { index: 1, text: "Elle resta seule.", page: 2, chapter: "PREMIÈRE PARTIE — I" },
      { index: 2, text: "Le soir vint.", page: 3, chapter: "II" },
    ]);
  });

  it("never joins text across a heading, even without a final stop", () => {
    const sentences = segmentSentences([
      { page: 1, text: "Fin du premier chapitre", chapters: [{ at: 23, title: "II" }] },
      { page: 2, text: "début du second." },
    ]);
    expect(sentences.map((sentence) => [sentence.text, sentence.chapter])).toEqual([
      ["Fin du premier chapitre", undefined],
      ["début du second.", "II"],
    ]);
  });
});
