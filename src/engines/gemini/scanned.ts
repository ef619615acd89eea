import { PDFDocument } from "@cantoo/pdf-lib";
import { addUsage, sentenceStats } from "../stats";
import type { Engine, EngineResult, EngineUsage, OutputSentence, SentenceSettings } from "../types";
import { countWords } from "../words";
import { readTranscribeAnswer } from "./answer";
import { createGeminiCall, type GeminiCall, type GeminiClientOptions } from "./client";
import { transcribeRequest } from "./prompt";

export interface ScannedPagesInput {
  /** The uploaded PDF. */
  pdf: Uint8Array;
  /** 1-based numbers of the pages without a text layer. */
  pages: number[];
  settings: SentenceSettings;
  /** Transcribed sentences are numbered from here (the job's running source index). */
  firstSourceIndex: number;
  signal?: AbortSignal;
}

export interface ScannedPagesResult extends EngineResult {
  /** One past the last source index used. */
  nextSourceIndex: number;
  /** Pages with no result: out of range, blocked by Gemini, or twice answered unusably. */
  failedPages: number[];
  /** The transcribed source sentences, numbered from `firstSourceIndex`: the originals of the output. */
  sources: { index: number; text: string }[];
}

interface PageAnswer {
  /** The page's sentences, each as its pieces; undefined when the page failed. */
  groups: string[][] | undefined;
  usage: EngineUsage;
}

const ATTEMPTS = 2;

/**
 * Transcribes and splits scanned pages with Gemini, one single-page PDF per call (so each sentence's page is
 * exact), calls running concurrently through the gate. Pieces over the limit are split offline and marked.
 */
export async function transcribeScannedPages(
  options: GeminiClientOptions & { fallback: Engine },
  input: ScannedPagesInput,
): Promise<ScannedPagesResult> {
  const call = createGeminiCall(options);
  const source = await PDFDocument.load(input.pdf);
  const pages = [...new Set(input.pages)].sort((a, b) => a - b);
  const answers = await Promise.all(
    pages.map((page) =>
      page >= 1 && page <= source.getPageCount()
        ? transcribePage(call, source, page, input)
        : ({ groups: undefined, usage: addUsage() } satisfies PageAnswer),
    ),
  );

  const sentences: OutputSentence[] = [];
  const sources: { index: number; text: string }[] = [];
  const failedPages: number[] = [];
  let next = input.firstSourceIndex;
  for (const [at, answer] of answers.entries()) {
    const page = pages[at] ?? 0;
    if (!answer.groups) failedPages.push(page);
    for (const pieces of answer.groups ?? []) {
      const sourceIndex = next++;
      sources.push({ index: sourceIndex, text: pieces.join(" ") });
      for (const text of pieces) {
        if (countWords(text) <= input.settings.sentenceLengthLimit) {
          sentences.push({ text, page, sourceIndex, fallback: false });
        } else sentences.push(...(await splitOffline(options.fallback, text, page, sourceIndex, input)));
      }
    }
  }
  return {
    sentences,
    stats: sentenceStats(
      sources.map((source) => source.text),
      sentences,
      input.settings,
    ),
    usage: addUsage(...answers.map((answer) => answer.usage)),
    nextSourceIndex: next,
    failedPages,
    sources,
  };
}

async function transcribePage(
  call: GeminiCall,
  source: PDFDocument,
  page: number,
  input: ScannedPagesInput,
): Promise<PageAnswer> {
  const single = await PDFDocument.create();
  const [copied] = await single.copyPages(source, [page - 1]);
  if (copied) single.addPage(copied);
  const request = transcribeRequest(toBase64(await single.save()), input.settings);
  const usages: EngineUsage[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const reply = await call(request, input.signal);
    usages.push(reply.usage);
    if (reply.kind === "blocked") break;
    const groups = reply.kind === "ok" ? readTranscribeAnswer(reply.text) : undefined;
    if (groups) return { groups, usage: addUsage(...usages) };
  }
  return { groups: undefined, usage: addUsage(...usages) };
}

async function splitOffline(
  engine: Engine,
  text: string,
  page: number,
  sourceIndex: number,
  input: ScannedPagesInput,
): Promise<OutputSentence[]> {
  const result = await engine.rewrite([{ index: sourceIndex, text, page }], input.settings, input.signal);
  const pieces =
    result.sentences.length > 0 ? result.sentences : [{ text, page, sourceIndex, fallback: true }];
  return pieces.map((piece) => ({ ...piece, sourceIndex, page, fallback: true }));
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
