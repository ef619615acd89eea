/**
 * The seam between the pipeline and the engines. The pipeline segments a document into numbered source
 * sentences (the offline segmenter), cuts them into chunks, and hands each chunk to an engine, which returns
 * learner-sized sentences that each point back at their source sentence.
 */

export type EngineName = "offline" | "gemini";

/** Per-job settings that shape sentences (the wire names are snake_case; these are the internal ones). */
export interface SentenceSettings {
  /** At most this many words per output sentence (3–50). */
  sentenceLengthLimit: number;
  /** Pieces shorter than this many words are merged into a neighbour (1–10, ≤ the limit). */
  minSentenceLength: number;
  /** Keep quoted speech («…», “…”, em-dash dialogue lines) whole. */
  ignoreDialogue: boolean;
  /** Keep the source's punctuation and capitalisation exactly as extracted. */
  preserveFormatting: boolean;
  /** Join words cut by line-break hyphens and soft hyphens during cleaning. */
  fixHyphenation: boolean;
  /**
   * Abbreviations of the user's own, without their final period ("Ste", "réf", "LL. AA"), that a period does
   * not end a sentence after; matched without regard to case.
   */
  extraAbbreviations?: readonly string[];
}

/** A chapter beginning inside a page's text: the heading's title and the offset in `text` where it begins. */
export interface ChapterStart {
  at: number;
  title: string;
}

/** Text of one PDF page after cleaning; `page` is 1-based. */
export interface PageText {
  page: number;
  text: string;
  /** Headings removed from this page, where their chapter's text begins (in order). */
  chapters?: ChapterStart[];
}

/** A sentence of the source document, numbered across the whole job (0-based `index`). */
export interface SourceSentence {
  index: number;
  text: string;
  page: number;
  /** The title of the heading the sentence comes after ("CHAPITRE II — 1723"), when the book has one. */
  chapter?: string;
}

/** A sentence the learner receives. */
export interface OutputSentence {
  text: string;
  page: number;
  /** The `index` of the source sentence it came from. */
  sourceIndex: number;
  /** True when the preferred engine failed for this source sentence and the offline splitter stood in. */
  fallback: boolean;
  /** The source sentence's chapter, when it has one. */
  chapter?: string;
}

/** Counts reported per job (summed over chunks). */
export interface SentenceStats {
  /** Output sentences. */
  sentences: number;
  /** Output sentences still longer than the limit (an unsplittable run of words). */
  over_limit: number;
  /** Output sentences shorter than `min_sentence_length`. */
  fragments: number;
  words_in: number;
  words_out: number;
}

/** Tokens and calls spent on an upstream model. */
export interface EngineUsage {
  input_tokens: number;
  output_tokens: number;
  calls: number;
}

export interface EngineResult {
  sentences: OutputSentence[];
  stats: SentenceStats;
  usage: EngineUsage;
}

/** Turns a chunk of source sentences into learner-sized sentences. Must be deterministic for the offline engine. */
export interface Engine {
  readonly name: EngineName;
  /** The upstream model used, or null for the offline engine. */
  readonly model: string | null;
  rewrite(
    sentences: SourceSentence[],
    settings: SentenceSettings,
    signal?: AbortSignal,
  ): Promise<EngineResult>;
}
