/**
 * Which language a document is written in, from a sample of its pages, with franc (trigram profiles of the
 * languages of 8 million speakers or more). The Latin-alphabet check in text-quality cannot tell German or
 * English from French.
 */
import { francAll } from "franc-min";
import type { PageText } from "../engines/types";

/** What the sampled pages say. */
export interface LanguageVerdict {
  /** False when most sampled pages are confidently in another language. */
  french: boolean;
  /** ISO 639-3 code of the most common language among the sampled pages ("fra", "deu"), "und" if none. */
  language: string;
  /** Its English name ("German"), for messages. */
  name: string;
  /** How many pages had enough text to be judged. */
  judged: number;
}

/** At most this many pages, spread over the document, are judged. */
const SAMPLE_PAGES = 12;
/** A page needs this many letters to be judged; shorter ones (titles, tables) are skipped. */
const MIN_LETTERS = 200;
/** Characters of a page given to franc: enough for a stable answer, cheap on long pages. */
const SAMPLE_CHARS = 2000;
/**
 * A page counts for another language only when French scores clearly below it (franc's scores are relative
 * to the best, 1): German prose leaves French near 0.8, English near 0.95, while lorem ipsum placeholder text
 * scores every Romance language within 0.001 and is left undecided.
 */
const FRENCH_CLEARLY_BEHIND = 0.98;

function sample<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/** Judges the language of the document from up to 12 pages with enough text, spread through it. */
export function detectLanguage(pages: PageText[]): LanguageVerdict {
  const long = pages.filter((page) => (page.text.match(/\p{L}/gu)?.length ?? 0) >= MIN_LETTERS);
  const votes = new Map<string, number>();
  for (const page of sample(long, SAMPLE_PAGES)) {
    const scores = francAll(page.text.slice(0, SAMPLE_CHARS), { minLength: MIN_LETTERS / 2 });
    const [best = "und"] = scores[0] ?? [];
    const french = scores.find(([code]) => code === "fra")?.[1] ?? 0;
    const language = best === "fra" || french >= FRENCH_CLEARLY_BEHIND ? "fra" : best;
    if (best !== "und") votes.set(language, (votes.get(language) ?? 0) + 1);
  }
  const judged = [...votes.values()].reduce((sum, count) => sum + count, 0);
  const [language = "und"] = [...votes].sort((a, b) => b[1] - a[1] || (a[0] === "fra" ? -1 : 1))[0] ?? [];
  const foreign = judged - (votes.get("fra") ?? 0);
  return {
    french: foreign <= judged / 2,
    language,
    name: language === "und" ? "an unknown language" : languageName(language),
    judged,
  };
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
