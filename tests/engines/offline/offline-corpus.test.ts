/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { createOfflineEngine, segmentSentences } from "../../../src/engines/offline";
import { overLimitSlack } from "../../../src/engines/offline/split-sentence";
import type { PageText, SentenceSettings } from "../../../src/engines/types";
import { countWords, words } from "../../../src/engines/words";

// Resolved by Vite when the test is transformed: the worker running it cannot read the filesystem.
const corpus = import.meta.glob<string>("../../../../shared/corpus/text/saint-simon-memoires-XX.txt", {
  query: "?raw",
  import: "default",
});
const load = Object.values(corpus)[0];

/**
 * Cuts the reference text into as many pages as its PDF has (80), at line ends, so sentences run across
 * pages.
 */
function pages(text: string): PageText[] {
  const lines = text.split("\n");
  const perPage = Math.ceil(lines.length / 80);
  const result: PageText[] = [];
  for (let start = 0; start < lines.length; start += perPage) {
    const page = lines.slice(start, start + perPage);
    result.push({ page: result.length + 1, text: page.map((line) => `${line}\n`).join("") });
  }
  return result;
}

const settings = (limit: number, ignoreDialogue: boolean): SentenceSettings => ({
  sentenceLengthLimit: limit,
  minSentenceLength: 3,
  ignoreDialogue,
  preserveFormatting: true,
  fixHyphenation: true,
});

const title = load
  ? "offline engine on Saint-Simon, Mémoires XX"
  : "corpus absent: ../shared/corpus not found";

describe.skipIf(load === undefined)(title, () => {
  it.each([
    [20, false],
    [12, true],
    [8, false],
  ])("keeps every word and the limit (limit %i, ignoreDialogue %s)", async (limit, ignoreDialogue) => {
    const text = await load!();
    const input = pages(text);
    const started = performance.now();
    const sources = segmentSentences(input);
    const { sentences, stats } = await createOfflineEngine().rewrite(
      sources,
      settings(limit, ignoreDialogue),
    );
    const seconds = (performance.now() - started) / 1000;
    const megabytes = new TextEncoder().encode(text).length / 1e6;
    const outcome = `${stats.sentences} sentences (${stats.over_limit} over the limit, ${stats.fragments} fragments)`;
    const speed = `${(megabytes / seconds).toFixed(1)} MB/s, ${(input.length / seconds).toFixed(0)} pages/s`;
    console.log(
      `limit ${limit}, ignoreDialogue ${ignoreDialogue}: ${sources.length} source sentences → ${outcome} ` +
        `in ${(seconds * 1000).toFixed(0)} ms: ${speed}`,
    );
    expect(sentences.flatMap((sentence) => words(sentence.text))).toEqual(words(text));
    expect(stats.words_out).toBe(stats.words_in);
    expect(sources.map((source) => source.text)).toEqual(
      segmentSentences([{ page: 1, text }]).map((s) => s.text),
    );
    expect(Math.max(...sources.map((source) => countWords(source.text)))).toBeGreaterThan(200);
    // A piece may run a few words over rather than be cut inside a noun phrase or after a function word.
    expect(stats.over_limit / stats.sentences).toBeLessThan(0.02);
    if (!ignoreDialogue) {
      const longest = Math.max(...sentences.map((sentence) => countWords(sentence.text)));
      expect(longest).toBeLessThanOrEqual(limit + overLimitSlack(limit));
    }
  });
});
