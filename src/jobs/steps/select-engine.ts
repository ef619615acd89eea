import type { Config } from "../../config";
import { createGeminiEngine, type GeminiClientOptions, resolveGeminiModel } from "../../engines/gemini";
import { globalGeminiGate } from "../../engines/gemini/gemini-gate";
import { createOfflineEngine } from "../../engines/offline";
import type { Engine, EngineName } from "../../engines/types";
import { JobError } from "../../lib/job-error";
import type { Settings } from "../../settings/settings.schema";

export interface EngineChoice {
  engine: EngineName;
  model: string | null;
}

/** Bump when the offline engine's output changes, so cached results of the old version are not reused. */
export const OFFLINE_ENGINE_VERSION = "offline-2";

/**
 * Words per chunk: small enough to show progress and bound one consumer's work, large enough to batch well.
 * Gemini chunks are smaller: each costs one or two calls, and chunks are what runs in parallel.
 */
export const CHUNK_WORDS: Record<EngineName, number> = { offline: 3000, gemini: 800 };

/** Resolves `auto` (Gemini when a key is configured, else offline) and the model of a Gemini tier. */
export function chooseEngine(
  config: Config,
  settings: Pick<Settings, "engine" | "gemini_model">,
): EngineChoice {
  const engine =
    settings.engine === "auto" ? (config.GEMINI_API_KEY ? "gemini" : "offline") : settings.engine;
  return engine === "offline"
    ? { engine, model: null }
    : { engine, model: resolveGeminiModel(config, settings.gemini_model) };
}

/** How to reach Gemini for a job's model: the configured key and endpoint, through the project-wide gate. */
export function geminiOptions(env: Env, config: Config, model: string | null): GeminiClientOptions {
  if (!config.GEMINI_API_KEY || !model) {
    throw new JobError(
      "GEMINI_AUTH",
      "This job needs Gemini, which is no longer configured on the server (GEMINI_API_KEY).",
    );
  }
  return {
    apiKey: config.GEMINI_API_KEY,
    baseUrl: config.GEMINI_BASE_URL,
    model,
    timeoutMs: config.GEMINI_TIMEOUT_MS,
    gate: globalGeminiGate(env.GEMINI_GATE),
  };
}

/** Builds the engine a job was created with. */
export function createEngine(env: Env, config: Config, choice: EngineChoice): Engine {
  if (choice.engine === "offline") return createOfflineEngine();
  return createGeminiEngine({
    ...geminiOptions(env, config, choice.model),
    fallback: createOfflineEngine(),
    cache: { kv: env.RESULT_CACHE, ttlSeconds: config.CACHE_TTL_SECONDS },
  });
}
