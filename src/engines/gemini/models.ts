import type { Config } from "../../config";

/** The learner-facing choice of speed versus quality. */
export type GeminiTier = "speed" | "balanced" | "quality";

type ModelConfig = Pick<Config, "GEMINI_MODEL_SPEED" | "GEMINI_MODEL_BALANCED" | "GEMINI_MODEL_QUALITY">;

/** The configured model name for a tier. */
export function resolveGeminiModel(config: ModelConfig, tier: GeminiTier): string {
  switch (tier) {
    case "speed":
      return config.GEMINI_MODEL_SPEED;
    case "balanced":
      return config.GEMINI_MODEL_BALANCED;
    case "quality":
      return config.GEMINI_MODEL_QUALITY;
  }
}
