import { describe, expect, it } from "vitest";
import type { PageText } from "../../src/engines/types";
import { cleanPages } from "../../src/pdf/clean-pages";

const fix = { fixHyphenation: true };
const keep = { fixHyphenation: false };
const one = (text: string, options = fix) => cleanPages([{ page: 1, text }], options)[0]?.text;

describe("cleanPages: hyphenation", () => {
  it("joins a word cut by a line-break hyphen before a lowercase continuation", () => {
    expect(one("Le cheva-\nlier arriva au galop.")).toBe("Le chevalier arriva au galop.");
  });

  it("keeps the hyphen of a compound name cut before a capital", () => {
    expect(one("Alors Louis-\nAntoine passa le pont.")).toBe("Alors Louis-Antoine passa le pont.");
  });

  it("keeps the hyphen of common compounds (peut-être, dit-il, vingt-cinq, c’est-à-dire)", () => {
    expect(one("Il viendra peut-\nêtre demain, dit-\nil.")).toBe("Il viendra peut-être demain, dit-il.");
    expect(one("Il avait vingt-\ncinq ans, c’est-à-\ndire l’âge d’homme.")).toBe(
      "Il avait vingt-cinq ans, c’est-à-dire l’âge d’homme.",
    );
  });

  it("follows the document: a form seen elsewhere inside a line wins over the heuristic", () => {
    const text = "Un porte-manteau et un contredit.\n\nIl vit le porte-\nmanteau puis le contre-\ndit.";
    expect(one(text)).toBe("Un porte-manteau et un contredit.\n\nIl vit le porte-manteau puis le contredit.");
  });

  it("removes soft hyphens, joining at a line end", () => {
    expect(one("Le cheva\u00AD\nlier et le che\u00ADval.")).toBe("Le chevalier et le cheval.");
  });

  it("completes a word cut at the bottom of a page from the top of the next page", () => {
    const pages = cleanPages(
      [
        { page: 4, text: "Les lapins allaient se pren-" },
        { page: 5, text: "dre aux collets du vieux mur." },
      ],
      fix,
    );
    expect(pages).toEqual([
      { page: 4, text: "Les lapins allaient se prendre" },
      { page: 5, text: "aux collets du vieux mur." },
    ]);
  });

  it("leaves hyphens and soft hyphens alone when fixHyphenation is off", () => {
    expect(one("Le cheva-\nlier et Louis-\nAntoine.", keep)).toBe("Le cheva-lier et Louis-Antoine.");
    expect(one("Le che\u00ADval.", keep)).toBe("Le che\u00ADval.");
  });

  it("does not treat dashes or hyphens before punctuation as cut words", () => {
    expect(one("Il dit —\nnon.")).toBe("Il dit — non.");
    expect(one("Les années 1914-\n1918.")).toBe("Les années 1914-1918.");
  });
});

describe("cleanPages: page furniture", () => {
  const SENTENCES = [
    "Quand il eut bien musé dans le potager,\nil passa le pont de bois.",
    "Sous son bras gauche il avait un livre\nrelié en peau de truie.",
    "Ce pain de ménage était plus dur\nque les cailloux du chemin.",
    "Ainsi disposé à se conformer aux commandements,\nil descendit le chemin pierreux.",
    "Les chaussures de Louis-Antoine ne lui cédaient\nrien sous ce rapport.",
    "Chaussures et chemin semblaient avoir été créés\nl’un pour l’autre.",
    "Mais des bas drapés dont le ton demeurait\nindéfinissable, les plis avaient adopté la spirale.",
    "Parler de son haut-de-chausses ne serait\npoint séant.",
  ];
  const body = (n: number) => SENTENCES[n % SENTENCES.length]!;
  const joined = (n: number) => body(n).replace("\n", " ");

  it("removes running heads that repeat with a changing page number, arabic or roman", () => {
    const pages: PageText[] = Array.from({ length: 8 }, (_, i) => ({
      page: i + 1,
      text:
        i % 2 === 0
          ? `CHAPITRE ${"I".repeat(1 + (i >> 2))} ${i + 20}\n\n${body(i)}`
          : `L’INCOMPARABLE FLORIMOND\n\n${body(i)}`,
    }));
    const cleaned = cleanPages(pages, fix);
    expect(cleaned.map((page) => page.text)).toEqual(pages.map((_, i) => joined(i)));
  });

  it("removes running feet too, but keeps a line that repeats only once", () => {
    const pages = [1, 2, 3, 4].map((n) => ({ page: n, text: `${body(n)}\n\nMaurice Maindron — ${n}` }));
    pages.push({ page: 5, text: "Une phrase.\n\nUne phrase." });
    const cleaned = cleanPages(pages, fix);
    expect(cleaned.slice(0, 4).map((page) => page.text)).toEqual([1, 2, 3, 4].map(joined));
    expect(cleaned[4]!.text).toBe("Une phrase.\n\nUne phrase.");
  });

  it("keeps a short dialogue line even when it opens several pages", () => {
    const pages = [0, 1, 2, 3, 4, 5].map((n) => ({ page: n + 1, text: `— Oui.\n\n${body(n)}` }));
    expect(cleanPages(pages, fix).every((page) => page.text.startsWith("— Oui.\n\n"))).toBe(true);
  });

  it("removes bare page numbers at the top or bottom, arabic or roman", () => {
    expect(one("23\n\nLe texte.")).toBe("Le texte.");
    expect(one("Le texte.\n\n- 24 -")).toBe("Le texte.");
    expect(one("xii\n\nLe texte.\n\nXIV")).toBe("Le texte.");
    expect(one("Page 7\n\nLe texte.")).toBe("Le texte.");
  });

  it("keeps numbers that are part of the text", () => {
    expect(one("Il se battit de 1914 à\n1918.")).toBe("Il se battit de 1914 à 1918.");
    expect(one("Le texte.\n\n1723\n\nLa suite du texte.")).toBe("Le texte.\n\n1723\n\nLa suite du texte.");
    expect(one("En 1723, le roi mourut.")).toBe("En 1723, le roi mourut.");
  });
});

describe("cleanPages: text normalisation", () => {
  it("joins lines inside a paragraph with a space and keeps paragraph breaks", () => {
    expect(one("Première ligne\ndeuxième ligne.\n\n\n  Nouveau   paragraphe.  ")).toBe(
      "Première ligne deuxième ligne.\n\nNouveau paragraphe.",
    );
  });

  it("expands ligatures but keeps œ and æ", () => {
    expect(one("Un ﬁlet de ﬂeurs, un œuf, ﬀ ﬃ ﬄ, et Lætitia.")).toBe(
      "Un filet de fleurs, un œuf, ff ffi ffl, et Lætitia.",
    );
  });

  it("turns non-breaking and thin spaces into plain spaces, keeping French punctuation spacing", () => {
    expect(one("Quoi\u202F? «\u00A0Oui\u00A0», dit-il\u00A0: non\u202F!")).toBe(
      "Quoi ? « Oui », dit-il : non !",
    );
  });

  it("composes decomposed accents and drops zero-width characters", () => {
    expect(one("e\u0301te\u0301\u200B a\u0300 Pa\uFEFFris")).toBe("été à Paris");
  });

  it("drops pages left empty and is deterministic", () => {
    const pages = [
      { page: 1, text: "12" },
      { page: 2, text: "Le texte." },
    ];
    expect(cleanPages(pages, fix)).toEqual([{ page: 2, text: "Le texte." }]);
    expect(cleanPages(pages, fix)).toEqual(cleanPages(pages, fix));
  });
});
