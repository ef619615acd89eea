import { z } from "zod";
import type { SentenceSettings } from "../types";
import { countWords } from "../words";
import { parseLooseJson } from "./json-repair";
import { contentOverlap } from "./overlap";

/** One rewritten source sentence: its id as sent, and the learner-sized sentences it became. */
const rewrittenItem = z.object({ id: z.number().int().nonnegative(), sentences: z.array(z.string()) });

/** The structured answer to a rewrite call. */
export const rewriteAnswer = z.array(rewrittenItem);

/** A scanned page: its sentences in reading order, each as the pieces it was split into. */
export const transcribeAnswer = z.array(z.array(z.string()));

/** The JSON Schema Gemini constrains its output with, derived from the zod schema that validates it. */
export function responseSchema(schema: z.ZodType): unknown {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema);
  return jsonSchema;
}

/** The answer's items by id; items of the wrong shape are skipped (their ids count as missing). */
export function readRewriteAnswer(text: string): Map<number, string[]> {
  const items = new Map<number, string[]>();
  const parsed = z.array(z.unknown()).safeParse(parseLooseJson(text));
  for (const raw of parsed.success ? parsed.data : []) {
    const item = rewrittenItem.safeParse(raw);
    if (item.success && !items.has(item.data.id)) items.set(item.data.id, tidy(item.data.sentences));
  }
  return items;
}

/** The page's sentences (each as its pieces), or undefined when the answer is not usable. */
export function readTranscribeAnswer(text: string): string[][] | undefined {
  const parsed = transcribeAnswer.safeParse(parseLooseJson(text));
  return parsed.success ? parsed.data.map(tidy).filter((pieces) => pieces.length > 0) : undefined;
}

/**
 * Why `pieces` are not an acceptable rewrite of `source` (in French: the reason goes back to the model in
 * the stricter prompt), or null when they are.
 */
export function rejectPieces(
  source: string,
  pieces: string[],
  settings: SentenceSettings,
  minOverlap: number,
): string | null {
  if (pieces.length === 0) return "aucune phrase rendue";
  for (const piece of pieces) {
    const count = countWords(piece);
    if (count > settings.sentenceLengthLimit) {
      return `« ${piece} » compte ${count} mots (maximum ${settings.sentenceLengthLimit})`;
    }
    if (count < settings.minSentenceLength) {
      return `« ${piece} » compte ${count} mots (minimum ${settings.minSentenceLength})`;
    }
  }
  if (contentOverlap(source, pieces) < minOverlap) {
    return "des mots ou des idées de la phrase d'origine ont été perdus, changés ou traduits";
  }
  return null;
}

function tidy(pieces: string[]): string[] {
  return pieces.map((piece) => piece.trim()).filter(Boolean);
}
