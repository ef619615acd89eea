// The sentences the offline engine makes of one PDF with the default settings, computed in Node with the
// project's own modules (run by tsx): the reference a job's result is compared with. Prints one JSON object
// `{ pages, sentences: [{ text, page }] }`.
//
//   tsx bench/scenarios/offline-sentences.ts novel.pdf
import { readFile } from "node:fs/promises";
import { createOfflineEngine, segmentSentences } from "../../src/engines/offline";
import { cleanPages } from "../../src/pdf/clean-pages";
import { extractPages } from "../../src/pdf/extract-pages";
import { SETTINGS_DEFAULTS, toSentenceSettings } from "../../src/settings/settings.schema";

const settings = toSentenceSettings({ ...SETTINGS_DEFAULTS });
const file = process.argv[2];
if (!file) throw new Error("usage: tsx bench/scenarios/offline-sentences.ts file.pdf");
const extracted = await extractPages(new Uint8Array(await readFile(file)), { maxPages: 1000 });
const pages = cleanPages(extracted.pages, { fixHyphenation: settings.fixHyphenation });
const result = await createOfflineEngine().rewrite(segmentSentences(pages), settings);
const sentences = result.sentences.map(({ text, page }) => ({ text, page }));
console.log(JSON.stringify({ pages: extracted.pageCount, sentences }));
