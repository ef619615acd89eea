import { HttpResponse, http, type JsonBodyType } from "msw";
import { createGeminiEngine, type GeminiEngineOptions } from "../../src/engines/gemini";
import type { CallOutcome, GatePermit, GeminiGateClient } from "../../src/engines/gemini/gate-policy";
import type { Engine, SentenceSettings, SourceSentence } from "../../src/engines/types";
import { words } from "../../src/engines/words";

export const BASE_URL = "https://gemini.test";
export const MODEL = "gemini-test";
export const API_KEY = "test-secret-key-123";

export const SETTINGS: SentenceSettings = {
  sentenceLengthLimit: 8,
  minSentenceLength: 2,
  ignoreDialogue: false,
  preserveFormatting: true,
  fixHyphenation: true,
};

/** The parts of a generateContent request body the tests look at. */
export interface SentBody {
  contents: { parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[];
  systemInstruction: { parts: { text: string }[] };
  generationConfig: { temperature: number; responseMimeType: string; responseJsonSchema: unknown };
}

/** The items a rewrite request carried. */
export function sentItems(body: SentBody): { id: number; text: string }[] {
  return JSON.parse(body.contents[0]?.parts[0]?.text ?? "[]");
}

export function systemText(body: SentBody): string {
  return body.systemInstruction.parts.map((part) => part.text).join("\n");
}

/** Cuts text into pieces of at most `limit` words, as balanced as possible. */
export function cut(text: string, limit: number): string[] {
  const all = words(text);
  const count = Math.ceil(all.length / limit);
  const size = Math.ceil(all.length / count);
  const pieces: string[] = [];
  for (let i = 0; i < all.length; i += size) pieces.push(all.slice(i, i + size).join(" "));
  return pieces;
}

/** A correct answer to a rewrite request: every item cut to the limit. */
export function goodAnswer(body: SentBody, limit = SETTINGS.sentenceLengthLimit) {
  return sentItems(body).map((item) => ({ id: item.id, sentences: cut(item.text, limit) }));
}

/** A Gemini generateContent response whose text is `text` (JSON-encoded unless already a string). */
export function reply(
  text: JsonBodyType,
  options: { finishReason?: string; usage?: [number, number]; blockReason?: string } = {},
) {
  const [prompt, output] = options.usage ?? [10, 5];
  return HttpResponse.json({
    candidates: options.blockReason
      ? undefined
      : [
          {
            content: {
              role: "model",
              parts: [{ text: typeof text === "string" ? text : JSON.stringify(text) }],
            },
            finishReason: options.finishReason ?? "STOP",
          },
        ],
    promptFeedback: options.blockReason ? { blockReason: options.blockReason } : undefined,
    usageMetadata: { promptTokenCount: prompt, candidatesTokenCount: output },
  });
}

/** A Google-style error response. */
export function apiError(code: number, status: string, details: unknown[] = []) {
  return HttpResponse.json({ error: { code, status, message: `fake ${status}`, details } }, { status: code });
}

/** Handles generateContent calls with `respond`, recording each request body (call order). */
export function fakeGemini(respond: (body: SentBody, call: number) => Response | Promise<Response>) {
  const bodies: SentBody[] = [];
  const urls: string[] = [];
  const handler = http.post(`${BASE_URL}/v1beta/models/:call`, async ({ request }) => {
    const body = (await request.json()) as SentBody;
    bodies.push(body);
    urls.push(request.url);
    return respond(body, bodies.length);
  });
  return { handler, bodies, urls };
}

/** A gate that always grants, recording outcomes; `failures` is what release reports back. */
export function fakeGate(failures = 1) {
  const outcomes: CallOutcome[] = [];
  let next = 0;
  const gate: GeminiGateClient = {
    acquire: async (): Promise<GatePermit> => ({ granted: true, permitId: `permit-${next++}` }),
    release: async (_permitId, outcome) => {
      outcomes.push(outcome);
      return { consecutiveFailures: outcome === "failure" ? failures : 0 };
    },
  };
  return { gate, outcomes };
}

/** A predictable stand-in for the offline engine: cuts at the limit, records what it was asked. */
export function fakeFallback() {
  const asked: SourceSentence[][] = [];
  const engine: Engine = {
    name: "offline",
    model: null,
    async rewrite(sentences, settings) {
      asked.push(sentences);
      const out = sentences.flatMap((s) =>
        cut(s.text, settings.sentenceLengthLimit).map((text) => ({
          text,
          page: s.page,
          sourceIndex: s.index,
          fallback: false,
        })),
      );
      return {
        sentences: out,
        stats: { sentences: 0, over_limit: 0, fragments: 0, words_in: 0, words_out: 0 },
        usage: { input_tokens: 0, output_tokens: 0, calls: 0 },
      };
    },
  };
  return { engine, asked };
}

/** Options for an engine pointed at the fake, with a granting gate and the fake fallback. */
export function engineOptions(overrides: Partial<GeminiEngineOptions> = {}): GeminiEngineOptions {
  return {
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    model: MODEL,
    timeoutMs: 2_000,
    gate: fakeGate().gate,
    fallback: fakeFallback().engine,
    ...overrides,
  };
}

export function testEngine(overrides: Partial<GeminiEngineOptions> = {}): Engine {
  return createGeminiEngine(engineOptions(overrides));
}

/** Numbered source sentences on page 1. */
export function sources(...texts: string[]): SourceSentence[] {
  return texts.map((text, index) => ({ index, text, page: 1 }));
}

/** 13-word and 17-word sentences (over a limit of 8) and a 5-word one (within it). */
export const LONG_A = "Le vieux marin regardait la mer grise depuis la fenêtre de sa cabane.";
export const LONG_B =
  "Chaque matin, il descendait au port pour vérifier ses filets et parler avec les pêcheurs du village.";
export const SHORT = "Elle ferma la porte doucement.";
