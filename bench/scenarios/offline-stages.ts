// The offline text path timed in Node, stage by stage, with the project's own modules (run by tsx, which
// bench/scenarios/offline-engine.mjs spawns): extraction (pdf.js via unpdf), cleaning, segmentation and
// splitting with the default settings. Prints one JSON line per PDF given on the command line.
//
//   tsx bench/scenarios/offline-stages.ts a.pdf b.pdf
import { readFile } from "node:fs/promises";
import { createOfflineEngine, segmentSentences } from "../../src/engines/offline";
import { cleanPages } from "../../src/pdf/clean-pages";
import { extractPages } from "../../src/pdf/extract-pages";
import { SETTINGS_DEFAULTS, toSentenceSettings } from "../../src/settings/settings.schema";

const MAX_PAGES = 1000;
const settings = toSentenceSettings({ ...SETTINGS_DEFAULTS });

/**
 * Runs the four stages once and returns their durations (ms), counts, and the process's CPU time for what the
 * job's prepare step does (extract, clean, segment): the figure `limits.cpu_ms` in wrangler.jsonc is set from.
 */
async function measure(bytes: Uint8Array) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const extracted = await extractPages(bytes, { maxPages: MAX_PAGES });
  const t1 = performance.now();
  const pages = cleanPages(extracted.pages, { fixHyphenation: settings.fixHyphenation });
  const t2 = performance.now();
  const sources = segmentSentences(pages);
  const t3 = performance.now();
  const prepareCpu = process.cpuUsage(cpu);
  const result = await createOfflineEngine().rewrite(sources, settings);
  const t4 = performance.now();
  return {
    pages: extracted.pageCount,
    source_sentences: sources.length,
    sentences: result.sentences.length,
    ms: { extract: t1 - t0, clean: t2 - t1, segment: t3 - t2, split: t4 - t3, total: t4 - t0 },
    prepare_cpu_ms: (prepareCpu.user + prepareCpu.system) / 1000,
  };
}

const files = process.argv.slice(2);
const inputs = await Promise.all(files.map(async (file) => new Uint8Array(await readFile(file))));
// One untimed pass over the first file warms the JIT and loads pdf.js.
if (inputs[0]) await measure(inputs[0]);
for (const [i, bytes] of inputs.entries()) {
  console.log(JSON.stringify({ file: files[i], ...(await measure(bytes)) }));
}
