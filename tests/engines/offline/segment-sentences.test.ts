import { describe, expect, it } from "vitest";
import { segmentSentences } from "../../../src/engines/offline";

const texts = (text: string): string[] =>
  segmentSentences([{ page: 1, text }]).map((sentence) => sentence.text);

describe("segmentSentences: abbreviations and initials", () => {
  it.each([
    ["M. Dupont arriva. Mme Bovary sortit.", ["M. Dupont arriva.", "Mme Bovary sortit."]],
    ["MM. Durand et Leroy vinrent avec Mlle Anne. Le Dr. Knock resta.", 2],
    ["Mgr. Affre bénit la foule. Me. Dubois plaida. St. Louis régna.", 3],
    ["Voir p. 12, t. II, chap. 3, vol. 2 et cf. Balzac. La suite vient.", 2],
    ["Rome fut fondée en 753 av. J.-C. Elle devint un empire.", 2],
    ["Lisez l'article n° 12. Il est clair.", 2],
    [
      "J. Verne écrivit beaucoup. J.-J. Rousseau aussi.",
      ["J. Verne écrivit beaucoup.", "J.-J. Rousseau aussi."],
    ],
    ["Le P. Daubenton mourut à Madrid. S. E. le cardinal resta.", 2],
    ["Il servit Louis XIV. Il mourut en 1715.", ["Il servit Louis XIV.", "Il mourut en 1715."]],
    ["Successeur dud. Me Delaleu. Fin.", 2],
  ])("%s", (text, expected) => {
    const sentences = texts(text);
    if (typeof expected === "number") expect(sentences).toHaveLength(expected);
    else expect(sentences).toEqual(expected);
  });

  it("keeps a sentence going after etc. mid-sentence and ends it at a real end", () => {
    expect(texts("Il acheta du pain, du vin, etc. et rentra chez lui.")).toHaveLength(1);
    expect(texts("Il acheta du pain, du vin, etc., puis rentra.")).toHaveLength(1);
    expect(texts("Il acheta du pain, du vin, etc. Puis il rentra.")).toEqual([
      "Il acheta du pain, du vin, etc.",
      "Puis il rentra.",
    ]);
    expect(texts("Compliments, convis^[Invitations.] , etc. ; tout cela dura.")).toHaveLength(1);
  });
});

describe("segmentSentences: French punctuation", () => {
  it("ends at an ellipsis only before an uppercase start", () => {
    expect(texts("Il hésita... puis partit.")).toHaveLength(1);
    expect(texts("Il hésita… puis partit.")).toHaveLength(1);
    expect(texts("Il hésita… Puis il partit.")).toEqual(["Il hésita…", "Puis il partit."]);
    expect(texts("Il hésita... Puis il partit.")).toHaveLength(2);
  });

  it("continues after ? and ! followed by lowercase (s'écria-t-il)", () => {
    expect(texts("Quoi ! s'écria-t-il. Tu pars ?")).toEqual(["Quoi ! s'écria-t-il.", "Tu pars ?"]);
    expect(texts("Quel monstre de fortune ! et comment si rapidement précipité !")).toHaveLength(1);
    expect(texts("Ah ! Vous voilà enfin.")).toEqual(["Ah !", "Vous voilà enfin."]);
  });

  it("ends inside closing guillemets, French and English style", () => {
    expect(texts("« Bonjour. » Elle sourit.")).toEqual(["« Bonjour. »", "Elle sourit."]);
    expect(texts("« Bonjour ! » s'écria-t-il en entrant.")).toHaveLength(1);
    expect(texts("Il dit : « Viens ici. » Puis il partit.")).toEqual([
      "Il dit : « Viens ici. »",
      "Puis il partit.",
    ]);
    expect(texts("“Bonjour.” Elle sourit.")).toEqual(["“Bonjour.”", "Elle sourit."]);
    expect(texts("«\u00A0Bonjour\u00A0!\u00A0» Elle sourit.")).toEqual([
      "«\u00A0Bonjour\u00A0!\u00A0»",
      "Elle sourit.",
    ]);
  });

  it("starts a new sentence at each dialogue line", () => {
    expect(texts("— Tu viens ?\n— Oui, dit-elle.\n– Alors partons.")).toEqual([
      "— Tu viens ?",
      "— Oui, dit-elle.",
      "– Alors partons.",
    ]);
    expect(texts("— Bonjour, dit-il\n— Bonsoir, répondit-elle")).toHaveLength(2);
    expect(texts("Monseigneur, dit-elle. — Ho, monseigneur ! interrompit le cardinal.")).toHaveLength(2);
  });

  it("keeps a dash incise wrapped at a line start inside its sentence", () => {
    expect(texts("Il vint\n— c'était tard —\net partit.")).toEqual(["Il vint — c'était tard — et partit."]);
  });

  it("never splits numbers and dates", () => {
    expect(texts("Le taux passa de 1.5 à 3,14 en 1789. Le 12.3.1789 fut un jeudi.")).toEqual([
      "Le taux passa de 1.5 à 3,14 en 1789.",
      "Le 12.3.1789 fut un jeudi.",
    ]);
  });

  it("ends a sentence at a paragraph break and normalises whitespace", () => {
    expect(texts("CHAPITRE PREMIER\n\n1723\n\nIl était   une\nfois.")).toEqual([
      "CHAPITRE PREMIER",
      "1723",
      "Il était une fois.",
    ]);
  });

  it("leaves out stretches without a word", () => {
    expect(texts("Fin du chapitre.\n\n* * *\n\nLe lendemain, il plut.")).toEqual([
      "Fin du chapitre.",
      "Le lendemain, il plut.",
    ]);
  });
});

describe("segmentSentences: pages and numbering", () => {
  it("joins a sentence across a page boundary and gives the page where it starts", () => {
    const sentences = segmentSentences([
      { page: 3, text: "Il pleuvait. Il marchait dans" },
      { page: 4, text: "la rue. Elle attendait." },
      { page: 5, text: "" },
      { page: 6, text: "Le soir tomba." },
    ]);
    expect(sentences).toEqual([
      { index: 0, text: "Il pleuvait.", page: 3 },
      { index: 1, text: "Il marchait dans la rue.", page: 3 },
      { index: 2, text: "Elle attendait.", page: 4 },
      { index: 3, text: "Le soir tomba.", page: 6 },
    ]);
  });

  it("starts a sentence on the next page when the page ends with one", () => {
    const sentences = segmentSentences([
      { page: 1, text: "Il dormait." },
      { page: 2, text: "— Debout ! cria-t-on." },
    ]);
    expect(sentences.map(({ page }) => page)).toEqual([1, 2]);
  });

  it("reads a paragraph break at a page join only from a blank line, never from a blank page", () => {
    const sentences = segmentSentences([
      { page: 1, text: "Il marchait dans\n" },
      { page: 2, text: "\n" },
      { page: 3, text: "la rue.\n\nCHAPITRE II\n" },
      { page: 4, text: "\n1723" },
    ]);
    expect(sentences).toEqual([
      { index: 0, text: "Il marchait dans la rue.", page: 1 },
      { index: 1, text: "CHAPITRE II", page: 3 },
      { index: 2, text: "1723", page: 4 },
    ]);
  });

  it("numbers from startIndex", () => {
    const sentences = segmentSentences([{ page: 1, text: "Un. Deux. Trois." }], { startIndex: 40 });
    expect(sentences.map(({ index }) => index)).toEqual([40, 41, 42]);
  });

  it("returns nothing for no pages or blank pages", () => {
    expect(segmentSentences([])).toEqual([]);
    expect(segmentSentences([{ page: 1, text: " \n\n " }])).toEqual([]);
  });
});
