import { describe, expect, it } from "vitest";
import type { SourceSentence } from "../../../src/engines/types";
import {
  chunkSentences,
  pageRangeOf,
  planChunks,
  SCANNED_PAGE_INDEX_SPAN,
} from "../../../src/jobs/steps/chunk-sentences";

const sentence = (index: number, page: number, wordCount = 4): SourceSentence => ({
  index,
  page,
  text: Array.from({ length: wordCount }, (_, i) => `mot${i}`).join(" "),
});

describe("chunkSentences", () => {
  it("cuts only between sentences, keeping every sentence once and in order", () => {
    const sentences = Array.from({ length: 25 }, (_, i) => sentence(i, 1 + Math.floor(i / 5)));
    const chunks = chunkSentences(sentences, 10);
    expect(chunks.flat()).toEqual(sentences);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(2);
  });

  it("gives a sentence longer than the budget a chunk of its own", () => {
    const sentences = [sentence(0, 1), sentence(1, 1, 50), sentence(2, 1)];
    expect(chunkSentences(sentences, 10).map((chunk) => chunk.map((s) => s.index))).toEqual([[0], [1], [2]]);
  });

  it("makes no chunk from no sentence", () => {
    expect(chunkSentences([], 10)).toEqual([]);
  });
});

describe("planChunks", () => {
  it("places each scanned page in reading order with its own block of source indices", () => {
    const sentences = [sentence(0, 1), sentence(1, 1), sentence(2, 4), sentence(3, 5)];
    const plan = planChunks(sentences, [6, 3], 8);
    expect(plan.map((chunk) => chunk.scannedPage ?? chunk.sentences.map((s) => s.index).join(","))).toEqual([
      "0,1",
      3,
      "2,3",
      6,
    ]);
    expect(plan[1]).toMatchObject({ scannedPage: 3, firstSourceIndex: 4, sentences: [] });
    expect(plan[3]).toMatchObject({ scannedPage: 6, firstSourceIndex: 4 + SCANNED_PAGE_INDEX_SPAN });
  });

  it("plans only scanned pages when the document has no text layer", () => {
    expect(planChunks([], [1, 2], 8).map((chunk) => chunk.scannedPage)).toEqual([1, 2]);
  });
});

describe("pageRangeOf", () => {
  it("spans a chunk's first to last page, or its one scanned page", () => {
    const plan = planChunks([sentence(0, 2), sentence(1, 3), sentence(2, 5)], [4], 100);
    expect(plan.map(pageRangeOf)).toEqual([
      [2, 5],
      [4, 4],
    ]);
  });
});
