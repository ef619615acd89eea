import type { Config } from "../config";
import { createOfflineEngine } from "../engines/offline";
import type { Engine, EngineName } from "../engines/types";
import type { Settings } from "../settings/settings.schema";

export interface EngineChoice {
  engine: EngineName;
  model: string | null;
}

/** Bump when the offline engine's output changes, so cached results of the old version are not reused. */
export const OFFLINE_ENGINE_VERSION = "offline-1";

/** Words per chunk: small enough to show progress and bound one consumer's work, large enough to batch well. */
export const CHUNK_WORDS: Record<EngineName, number> = { offline: 3000, gemini: 1500 };

/** Resolves `auto` (Gemini when a key is configured, else offline) and the model of a Gemini tier. */
export function chooseEngine(
  config: Config,
  settings: Pick<Settings, "engine" | "gemini_model">,
): EngineChoice {
  const engine =
    settings.engine === "auto" ? (config.GEMINI_API_KEY ? "gemini" : "offline") : settings.engine;
  if (engine === "offline") return { engine, model: null };
  const models = {
    speed: config.GEMINI_MODEL_SPEED,
    balanced: config.GEMINI_MODEL_BALANCED,
    quality: config.GEMINI_MODEL_QUALITY,
  };
  return { engine, model: models[settings.gemini_model] };
}

/** Builds the engine a job was created with. */
export function createEngine(_env: Env, _config: Config, choice: EngineChoice): Engine {
  return createOfflineEngine();
}
