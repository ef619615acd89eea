import { JobError } from "../../lib/job-error";
import { outputOf } from "../output";
import { addUsage, noUsage, sentenceStats } from "../stats";
import type {
  Engine,
  EngineResult,
  EngineUsage,
  OutputSentence,
  SentenceSettings,
  SourceSentence,
} from "../types";
import { countWords } from "../words";
import { readRewriteAnswer, rejectPieces } from "./answer";
import type { GeminiCall } from "./client";
import { type RewriteItem, rewriteRequest } from "./prompt";

/** What a chunk rewrite needs besides the sentences. */
export interface RewriteDeps {
  call: GeminiCall;
  /** Stands in for Gemini, sentence by sentence, when it fails (the offline engine in production). */
  fallback: Engine;
  minOverlap: number;
  maxBatchChars: number;
}

interface Outcome {
  accepted: Map<number, string[]>;
  /** id → why the answer was refused: retried once with the stricter prompt, then handed to the fallback. */
  problems: Map<number, string>;
  /** Ids Gemini would not answer (safety, recitation, no candidate): straight to the fallback. */
  blocked: Set<number>;
  usage: EngineUsage;
}

/** Quoted speech: a dash dialogue line, or «…» / “…” anywhere. */
const QUOTED_SPEECH = /^\s*[—–]|[«“]/u;

/**
 * Rewrites a chunk: sentences within the limit are kept without a call; over-limit ones go to Gemini in
 * batches; refused answers are retried once, strictly, then split offline and marked `fallback`. Every source
 * sentence yields at least one output sentence. With `ignoreDialogue`, over-limit sentences holding quoted
 * speech are split by the offline engine by design (it never cuts inside quotes), so they are not marked.
 */
export async function rewriteChunk(
  deps: RewriteDeps,
  sentences: SourceSentence[],
  settings: SentenceSettings,
  signal?: AbortSignal,
): Promise<EngineResult> {
  const over = sentences.filter((s) => countWords(s.text) > settings.sentenceLengthLimit);
  const local = new Set(
    over.filter((s) => settings.ignoreDialogue && QUOTED_SPEECH.test(s.text)).map((s) => s.index),
  );
  const items = over.filter((s) => !local.has(s.index)).map(({ index, text }) => ({ id: index, text }));

  const first = await runPass(deps, items, settings, undefined, signal);
  const strictItems = items.filter((item) => first.problems.has(item.id));
  const second = await strictPass(deps, strictItems, settings, first.problems, signal);

  const accepted = new Map([...first.accepted, ...second.accepted]);
  const failed = new Set([...first.blocked, ...second.blocked, ...second.problems.keys()]);
  const offline = await splitOffline(deps.fallback, sentences, local, failed, settings, signal);
  const output = sentences.flatMap(
    (s): OutputSentence[] =>
      accepted.get(s.index)?.map((text) => outputOf(s, text)) ??
      offline.get(s.index) ?? [outputOf(s, s.text, failed.has(s.index))],
  );
  return {
    sentences: output,
    stats: sentenceStats(
      sentences.map((s) => s.text),
      output,
      settings,
    ),
    usage: addUsage(first.usage, second.usage),
  };
}

/**
 * The stricter retry of refused items. If Gemini becomes unavailable now, those items go to the offline
 * splitter (as after a second refusal) instead of throwing away the first pass, already paid for.
 */
async function strictPass(
  deps: RewriteDeps,
  items: RewriteItem[],
  settings: SentenceSettings,
  problems: ReadonlyMap<number, string>,
  signal?: AbortSignal,
): Promise<Outcome> {
  try {
    return await runPass(deps, items, settings, problems, signal);
  } catch (error) {
    if (!(error instanceof JobError) || !error.retryable) throw error;
    return {
      accepted: new Map(),
      blocked: new Set(),
      problems: new Map(items.map((item) => [item.id, error.message])),
      usage: noUsage(),
    };
  }
}

/** Cuts items into batches of about `maxChars` characters and runs them concurrently. */
async function runPass(
  deps: RewriteDeps,
  items: RewriteItem[],
  settings: SentenceSettings,
  problems: ReadonlyMap<number, string> | undefined,
  signal?: AbortSignal,
): Promise<Outcome> {
  const batches: RewriteItem[][] = [];
  let size = Number.POSITIVE_INFINITY;
  for (const item of items) {
    if (size + item.text.length > deps.maxBatchChars) {
      batches.push([]);
      size = 0;
    }
    batches.at(-1)?.push(item);
    size += item.text.length;
  }
  return merge(await Promise.all(batches.map((batch) => runBatch(deps, batch, settings, problems, signal))));
}

async function runBatch(
  deps: RewriteDeps,
  items: RewriteItem[],
  settings: SentenceSettings,
  problems: ReadonlyMap<number, string> | undefined,
  signal?: AbortSignal,
): Promise<Outcome> {
  const own = problems && new Map([...problems].filter(([id]) => items.some((item) => item.id === id)));
  const reply = await deps.call(rewriteRequest(items, settings, own), signal);
  const outcome: Outcome = {
    accepted: new Map(),
    problems: new Map(),
    blocked: new Set(),
    usage: reply.usage,
  };
  if (reply.kind === "blocked") {
    for (const item of items) outcome.blocked.add(item.id);
    return outcome;
  }
  const answer = readRewriteAnswer(reply.text);
  for (const item of items) {
    const pieces = answer.get(item.id);
    const problem = pieces
      ? rejectPieces(item.text, pieces, settings, deps.minOverlap)
      : "id absent de la réponse";
    if (problem !== null) outcome.problems.set(item.id, problem);
    else if (pieces) outcome.accepted.set(item.id, pieces);
  }
  const unfinished = items.filter((item) => outcome.problems.has(item.id));
  if (reply.kind !== "max_tokens" || unfinished.length < 2) return outcome;
  // The answer was cut short: keep its complete items, retry the rest as two smaller calls.
  for (const item of unfinished) outcome.problems.delete(item.id);
  const middle = Math.ceil(unfinished.length / 2);
  const halves = [unfinished.slice(0, middle), unfinished.slice(middle)];
  return merge([
    outcome,
    ...(await Promise.all(halves.map((half) => runBatch(deps, half, settings, problems, signal)))),
  ]);
}

/** Offline splits for `local` and `failed` sentences, by source index; only failed ones are marked fallback. */
async function splitOffline(
  engine: Engine,
  sentences: SourceSentence[],
  local: ReadonlySet<number>,
  failed: ReadonlySet<number>,
  settings: SentenceSettings,
  signal?: AbortSignal,
): Promise<Map<number, OutputSentence[]>> {
  const sources = sentences.filter((s) => local.has(s.index) || failed.has(s.index));
  const bySource = new Map<number, OutputSentence[]>();
  if (sources.length === 0) return bySource;
  const result = await engine.rewrite(sources, settings, signal);
  for (const sentence of result.sentences) {
    const marked = { ...sentence, fallback: failed.has(sentence.sourceIndex) };
    bySource.set(sentence.sourceIndex, [...(bySource.get(sentence.sourceIndex) ?? []), marked]);
  }
  return bySource;
}

function merge(outcomes: Outcome[]): Outcome {
  return {
    accepted: new Map(outcomes.flatMap((o) => [...o.accepted])),
    problems: new Map(outcomes.flatMap((o) => [...o.problems])),
    blocked: new Set(outcomes.flatMap((o) => [...o.blocked])),
    usage: addUsage(...outcomes.map((o) => o.usage)),
  };
}
