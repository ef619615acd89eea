import { describe, expect, it } from "vitest";
import type { PageText } from "../../src/engines/types";
import { countWords } from "../../src/engines/words";
import { cleanDocument } from "../../src/pdf/clean-pages";

const fix = { fixHyphenation: true };
const one = (text: string) => cleanDocument([{ page: 1, text }], fix).pages[0]?.text;
const wordsIn = (pages: PageText[]) => pages.reduce((sum, page) => sum + countWords(page.text), 0);

describe("cleanDocument: cut words", () => {
  it("joins a word whose soft hyphen the PDF reader dropped, in a line, a paragraph or a page", () => {
    expect(one("votre fiancée se retour\nnera, dit-il.")).toBe("votre fiancée se retournera, dit-il.");
    expect(one("la mysté\n\nrieuse inconnue dormait.")).toBe("la mystérieuse inconnue dormait.");
    const pages = cleanDocument(
      [
        { page: 1, text: "Elle resta long\u00ADtemps. La mysté" },
        { page: 2, text: "rieuse inconnue dormait." },
      ],
      fix,
    ).pages;
    expect(pages.map((page) => page.text).join(" ")).toBe(
      "Elle resta longtemps. La mystérieuse inconnue dormait.",
    );
  });

  it("keeps two words apart when each is a word (par / tout, de / venir)", () => {
    expect(one("Il cherchait par\ntout le jardin sans de\nvenir fou.")).toBe(
      "Il cherchait par tout le jardin sans de venir fou.",
    );
  });

  it("decides line-break hyphens with the dictionary: compounds keep theirs, cut words join", () => {
    expect(one("Dieu dans sa toute-\npuissance le voulut.")).toBe("Dieu dans sa toute-puissance le voulut.");
    expect(one("Il se retour-\nnera, mer-\nci, ce-\nlui-là fut bat-\ntu.")).toBe(
      "Il se retournera, merci, celui-là fut battu.",
    );
    expect(one("Le vieil ex-\nministre, ce jour-\nlà, vint.")).toBe(
      "Le vieil ex-ministre, ce jour-là, vint.",
    );
  });

  it("keeps inverted pronouns after a verb that agrees (dit-il, crois-tu, donne-moi, a-t-il)", () => {
    expect(one("Que dit-\nil ? Crois-\ntu ? Donne-\nmoi ça. A-t-\nil fini ?")).toBe(
      "Que dit-il ? Crois-tu ? Donne-moi ça. A-t-il fini ?",
    );
  });
});

const PROSE = [
  "Quand il eut bien musé dans le potager, il passa le pont de bois.",
  "Sous son bras gauche il avait un livre relié en peau de truie.",
  "Ce pain de ménage était plus dur que les cailloux du chemin.",
];

describe("cleanDocument: structure", () => {
  it("drops a table of contents with dot leaders, its title and wrapped entries", () => {
    const toc = [
      "TABLE DES MATIÈRES",
      "",
      "PREMIÈRE PARTIE ........................ 3",
      "I ........................ 5",
      "Où l’on voit comment Louis-Antoine",
      "prit l’épée ........................ 18",
      "II . . . . . . . . . . . . 27",
    ].join("\n");
    const { pages, report } = cleanDocument(
      [
        { page: 1, text: toc },
        { page: 2, text: PROSE[0]! },
      ],
      fix,
    );
    expect(pages.map((page) => page.text)).toEqual([PROSE[0]]);
    expect(report.toc_lines).toBe(6);
  });

  it("drops a table of contents laid out as a column of page numbers", () => {
    const toc = ["Le départ 1", "La forêt 12", "Le château 25", "La fuite 40", "Le retour 57", "Épilogue 70"];
    const { pages, report } = cleanDocument(
      [
        { page: 1, text: toc.join("\n") },
        { page: 2, text: PROSE[1]! },
      ],
      fix,
    );
    expect(pages.map((page) => page.text)).toEqual([PROSE[1]]);
    expect(report.toc_lines).toBe(6);
  });

  it("turns part and chapter headings into chapter marks at the text they open", () => {
    const { pages, report } = cleanDocument(
      [
        { page: 1, text: "PREMIÈRE PARTIE" },
        { page: 2, text: `I\n\nLA RENCONTRE\n\n${PROSE[0]}\n\n${PROSE[1]}` },
        { page: 3, text: `${PROSE[2]}\n\nCHAPITRE II.\n\n1723\n\n${PROSE[0]}` },
      ],
      fix,
    );
    expect(pages).toEqual([
      { page: 1, text: "", chapters: [{ at: 0, title: "PREMIÈRE PARTIE" }] },
      { page: 2, text: `${PROSE[0]}\n\n${PROSE[1]}`, chapters: [{ at: 0, title: "I — LA RENCONTRE" }] },
      {
        page: 3,
        text: `${PROSE[2]}\n\n${PROSE[0]}`,
        chapters: [{ at: PROSE[2]!.length + 2, title: "CHAPITRE II — 1723" }],
      },
    ]);
    expect(report.headings).toBe(5);
  });

  it("keeps short lines of prose, a number in the text and a title-case line mid-page", () => {
    const text = `${PROSE[0]}\n\n1723\n\nLe Rouge et le Noir\n\n— Oui.`;
    expect(cleanDocument([{ page: 1, text }], fix).pages[0]!.text).toBe(text);
  });
});

describe("cleanDocument: counting and running heads", () => {
  it("accounts for every extracted word: words_extracted = words_removed + words left", () => {
    const pages = [1, 2, 3, 4, 5, 6].map((n) => ({
      page: n,
      text: `LE ROMAN — ${n}\n\n${n === 1 ? "I\n\n" : ""}${PROSE[n % 3]!.replace("bois", "bo-\nis")}\n\n${n}`,
    }));
    const { pages: cleaned, report } = cleanDocument(pages, fix);
    expect(report.furniture_lines).toBe(12);
    expect(report.headings).toBe(1);
    expect(report.words_extracted).toBe(report.words_removed + wordsIn(cleaned));
    expect(report.words_removed).toBe(6 * 4 + 1);
  });

  it("never takes a line of prose for a running head, however many pages share it", () => {
    const shared = "Il regardait la mer sans rien dire et";
    const pages = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
      page: n,
      text: `LE ROMAN\n\n${shared}\n${PROSE[n % 3]}`,
    }));
    const { pages: cleaned, report } = cleanDocument(pages, fix);
    expect(cleaned.every((page) => page.text.startsWith(shared))).toBe(true);
    expect(report.furniture_lines).toBe(8);
    expect(report.words_removed).toBe(16);
  });
});
