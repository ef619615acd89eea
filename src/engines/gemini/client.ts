import { FinishReason, type GenerateContentResponse, GoogleGenAI, type Part } from "@google/genai";
import { JobError } from "../../lib/job-error";
import { describeError, log } from "../../lib/logger";
import type { EngineUsage } from "../types";
import { type CallFailure, isUpstreamFault, toJobError } from "./errors";
import type { CallOutcome, GeminiGateClient } from "./gate-policy";

/** How to reach Gemini and through which gate. */
export interface GeminiClientOptions {
  apiKey: string;
  /** Google's endpoint, or a fake (scripts/fake-gemini.mjs, MSW) in development and tests. */
  baseUrl: string;
  model: string;
  /** Per-call timeout (GEMINI_TIMEOUT_MS). */
  timeoutMs: number;
  gate: GeminiGateClient;
  /** Longest in-process wait for a permit before deferring the chunk instead (default 10 s). */
  maxGateWaitMs?: number;
}

export interface GeminiRequest {
  systemInstruction: string;
  parts: Part[];
  responseJsonSchema: unknown;
}

/** `blocked` covers safety and recitation stops and empty candidates: the answer cannot be used. */
export interface GeminiReply {
  kind: "ok" | "max_tokens" | "blocked";
  text: string;
  usage: EngineUsage;
}

export type GeminiCall = (request: GeminiRequest, signal?: AbortSignal) => Promise<GeminiReply>;

const TEMPERATURE = 0.1;
/** The Gemini API version called, also the path prefix the local fake and the tests answer on. */
const GEMINI_API_VERSION = "v1beta";
const DEFAULT_MAX_GATE_WAIT_MS = 10_000;
const USABLE_FINISH = new Set<string>([FinishReason.STOP, FinishReason.FINISH_REASON_UNSPECIFIED]);

/** Builds the one function that talks to Gemini: permit, timeout, call, outcome report, error mapping. */
export function createGeminiCall(options: GeminiClientOptions): GeminiCall {
  // The SDK's own retries stay off (no retryOptions): retrying is the queue's job, paced by the gate.
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    // SDK 3 defaults to the v1 API; preview models (a GEMINI_MODEL_* may name one) are served on v1beta only.
    httpOptions: { baseUrl: options.baseUrl, apiVersion: GEMINI_API_VERSION },
  });
  return async (request, signal) => {
    const permitId = await obtainPermit(
      options.gate,
      options.maxGateWaitMs ?? DEFAULT_MAX_GATE_WAIT_MS,
      signal,
    );
    const timeout = AbortSignal.timeout(options.timeoutMs);
    let result: { reply: GeminiReply } | { failure: CallFailure };
    try {
      const response = await ai.models.generateContent({
        model: options.model,
        contents: [{ role: "user", parts: request.parts }],
        config: {
          systemInstruction: request.systemInstruction,
          temperature: TEMPERATURE,
          responseMimeType: "application/json",
          responseJsonSchema: request.responseJsonSchema,
          abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        },
      });
      result = { reply: summarize(response) };
    } catch (error) {
      result = { failure: timeout.aborted ? { kind: "timeout" } : { kind: "error", error } };
    }
    const upstreamFault = "failure" in result && !signal?.aborted && isUpstreamFault(result.failure);
    const consecutiveFailures = await report(options.gate, permitId, upstreamFault ? "failure" : "success");
    signal?.throwIfAborted();
    if ("failure" in result) throw toJobError(result.failure, options.model, consecutiveFailures);
    return result.reply;
  };
}

async function obtainPermit(
  gate: GeminiGateClient,
  maxWaitMs: number,
  signal?: AbortSignal,
): Promise<string> {
  let waitedMs = 0;
  for (;;) {
    const permit = await gate.acquire().catch((error: unknown) => {
      // The gate itself is unreachable: an outage like any other, retried with backoff.
      throw new JobError(
        "GEMINI_UNAVAILABLE",
        "The Gemini rate gate is unreachable; the chunk will be retried.",
        {
          retryable: true,
          retryAfterSeconds: 5,
          cause: error,
        },
      );
    });
    if (permit.granted) return permit.permitId;
    const waitMs = permit.retryAfterMs;
    if (waitedMs + waitMs > maxWaitMs) {
      throw new JobError(
        "GEMINI_UNAVAILABLE",
        `Gemini calls are paused or at capacity; the chunk is delayed by ${permit.retryAfterSeconds} s.`,
        { retryable: true, retryAfterSeconds: permit.retryAfterSeconds, deferred: true },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    signal?.throwIfAborted();
    waitedMs += waitMs;
  }
}

/** Reporting is best effort: a gate hiccup must not throw away an answer already paid for. */
async function report(gate: GeminiGateClient, permitId: string, outcome: CallOutcome): Promise<number> {
  try {
    return (await gate.release(permitId, outcome)).consecutiveFailures;
  } catch (error) {
    log("warn", "gemini gate release failed", describeError(error));
    return outcome === "failure" ? 1 : 0;
  }
}

function summarize(response: GenerateContentResponse): GeminiReply {
  const candidate = response.candidates?.[0];
  const usage = response.usageMetadata;
  const text = (candidate?.content?.parts ?? [])
    .filter((part) => !part.thought)
    .map((part) => part.text ?? "")
    .join("");
  const finish = candidate?.finishReason ?? FinishReason.FINISH_REASON_UNSPECIFIED;
  let kind: GeminiReply["kind"] = "ok";
  if (!candidate || response.promptFeedback?.blockReason) kind = "blocked";
  else if (finish === FinishReason.MAX_TOKENS) kind = "max_tokens";
  else if (!USABLE_FINISH.has(finish)) kind = "blocked";
  return {
    kind,
    text,
    usage: {
      input_tokens: usage?.promptTokenCount ?? 0,
      // Thinking tokens are billed as output, so they count here too.
      output_tokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
      calls: 1,
    },
  };
}
