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
}

/** Text of one PDF page after cleaning; `page` is 1-based. */
export interface PageText {
  page: number;
  text: string;
}

/** A sentence of the source document, numbered across the whole job (0-based `index`). */
export interface SourceSentence {
  index: number;
  text: string;
  page: number;
}

/** A sentence the learner receives. */
export interface OutputSentence {
  text: string;
  page: number;
  /** The `index` of the source sentence it came from. */
  sourceIndex: number;
  /** True when the preferred engine failed for this source sentence and the offline splitter stood in. */
  fallback: boolean;
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
