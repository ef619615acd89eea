import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/pdf/language";

const FRENCH =
  "Quand il eut bien musé dans le potager où, sous le grand soleil de midi, les papillons jaunes ou blancs " +
  "voltigeaient entre les ombelles des fenouils et des carottes, Louis-Antoine passa le pont de bois jeté sur " +
  "le ruisseau et s’en fut par la campagne. Sous son bras gauche il avait un livre relié en peau de truie.";
const GERMAN =
  "Dieses Skript wurde im Wintersemester von einem Studenten geschrieben. Es beinhaltet die Mitschriften aus " +
  "der Vorlesung und die Lösungen der Übungsaufgaben, die wir jede Woche gemeinsam besprochen haben. Die " +
  "Topologie ist ein Teilgebiet der Mathematik, das sich mit den Eigenschaften von Räumen beschäftigt.";
const ENGLISH =
  "Beautiful is better than ugly. Explicit is better than implicit. Simple is better than complex. Complex is " +
  "better than complicated. Flat is better than nested. Sparse is better than dense. Readability counts. " +
  "Special cases are not special enough to break the rules, although practicality beats purity.";

const pages = (...texts: string[]) => texts.map((text, i) => ({ page: i + 1, text }));

describe("detectLanguage", () => {
  it("accepts French", () => {
    expect(detectLanguage(pages(FRENCH, FRENCH))).toMatchObject({ french: true, language: "fra", judged: 2 });
  });

  it("refuses German and English, naming the language", () => {
    expect(detectLanguage(pages(GERMAN, GERMAN, FRENCH))).toMatchObject({ french: false, name: "German" });
    expect(detectLanguage(pages(ENGLISH))).toMatchObject({ french: false, language: "eng", name: "English" });
  });

  it("keeps a French book with a page in another language (an epigraph, a letter)", () => {
    expect(detectLanguage(pages(FRENCH, ENGLISH, FRENCH)).french).toBe(true);
  });

  it("does not judge pages too short to tell", () => {
    expect(detectLanguage(pages("Guten Tag.", "FLORIMOND"))).toMatchObject({ french: true, judged: 0 });
  });
});

describe("detectLanguage: placeholder text", () => {
  it("leaves lorem ipsum undecided rather than refuse it", () => {
    const lorem =
      "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt ut " +
      "labore et dolore magna aliquyam erat, sed diam voluptua. At vero eos et accusam et justo duo dolores et " +
      "ea rebum. Stet clita kasd gubergren, no sea takimata sanctus est Lorem ipsum dolor sit amet.";
    expect(detectLanguage(pages(lorem)).french).toBe(true);
  });
});
