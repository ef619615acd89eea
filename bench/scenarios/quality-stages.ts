// The offline engine's output judged as a learner reads it, in Node on the TypeScript sources (run by tsx,
// which bench/scenarios/quality.mjs spawns): extraction, clean-up, segmentation and splitting with the
// default settings, then counts of what a learner would notice. Prints one JSON line per PDF.
//
//   tsx bench/scenarios/quality-stages.ts a.pdf b.pdf [--prose a.txt]   (SOURCE=<dir> reads another src/)
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { bareToken, isDanglingWord } from "../../src/lib/french/function-words";
import { isFiniteVerb } from "../../src/lib/french/verbs";
import { SETTINGS_DEFAULTS, toSentenceSettings } from "../../src/settings/settings.schema";

const source = resolve(process.env.SOURCE ?? "src");
const { extractPages } = await import(`${source}/pdf/extract-pages.ts`);
const cleaning = await import(`${source}/pdf/clean-pages.ts`);
const { createOfflineEngine, segmentSentences } = await import(`${source}/engines/offline/index.ts`);
const { countWords, words } = await import(`${source}/engines/words.ts`);

const settings = toSentenceSettings({ ...SETTINGS_DEFAULTS });
/** A heading or a table-of-contents line left among the sentences. */
const STRUCTURE =
  /^(?:[IVXLC]+\.?|(?:chapitre|partie|livre)\s+\S+\.?|[^.]*\.{4,}.*\d+|(?:première|deuxième|seconde)\s+partie|table des matières)$/iu;

type Sentence = { text: string; chapter?: string };

/** The share (in %, one decimal) of `part` in `whole`. */
const share = (part: number, whole: number) => Math.round((1000 * part) / Math.max(1, whole)) / 10;

/** The share of `expected`'s words (as a multiset, lower case) found among `got`'s. */
function recall(expected: string[], got: string[]): number {
  const bag = new Map<string, number>();
  for (const word of got) bag.set(word, (bag.get(word) ?? 0) + 1);
  let found = 0;
  for (const word of expected) {
    const left = bag.get(word) ?? 0;
    if (left > 0) {
      found++;
      bag.set(word, left - 1);
    }
  }
  return share(found, expected.length);
}

async function judge(bytes: Uint8Array, prose: string | null) {
  const extracted = await extractPages(bytes, { maxPages: 1000 });
  const cleaned = cleaning.cleanDocument
    ? cleaning.cleanDocument(extracted.pages, { fixHyphenation: true })
    : { pages: cleaning.cleanPages(extracted.pages, { fixHyphenation: true }), report: null };
  const sources = segmentSentences(cleaned.pages);
  const { sentences, stats } = await createOfflineEngine().rewrite(sources, settings);
  const pieces = sentences as Sentence[];
  const raw = extracted.pages.reduce((sum: number, page: { text: string }) => sum + countWords(page.text), 0);
  const lower = (text: string) => words(text).map((word: string) => bareToken(word));
  return {
    pages: extracted.pageCount,
    words_extracted: cleaned.report?.words_extracted ?? raw,
    words_removed: cleaned.report?.words_removed ?? null,
    furniture_lines: cleaned.report?.furniture_lines ?? null,
    toc_lines: cleaned.report?.toc_lines ?? null,
    headings: cleaned.report?.headings ?? null,
    words_in: stats.words_in,
    words_out: stats.words_out,
    pieces: pieces.length,
    over_limit_pct: share(stats.over_limit, pieces.length),
    under_min_pct: share(stats.fragments, pieces.length),
    function_word_end_pct: share(
      pieces.filter((s) => isDanglingWord(s.text.split(/\s+/u).at(-1) ?? "")).length,
      pieces.length,
    ),
    no_finite_verb_pct: share(
      pieces.filter((s) => !s.text.split(/\s+/u).some(isFiniteVerb)).length,
      pieces.length,
    ),
    structure_sentences: sources.filter((s: Sentence) => STRUCTURE.test(s.text.trim())).length,
    chapters: new Set(pieces.map((s) => s.chapter).filter(Boolean)).size,
    prose_recall_pct:
      prose === null
        ? null
        : recall(
            lower(prose),
            pieces.flatMap((s) => lower(s.text)),
          ),
  };
}

const args = process.argv.slice(2);
const files = args.filter((arg, i) => arg !== "--prose" && args[i - 1] !== "--prose");
const proseFile = args[args.indexOf("--prose") + 1];
for (const file of files) {
  const prose =
    args.includes("--prose") && file.includes("structured") ? await readFile(proseFile!, "utf8") : null;
  console.log(JSON.stringify({ file, ...(await judge(new Uint8Array(await readFile(file)), prose)) }));
}
