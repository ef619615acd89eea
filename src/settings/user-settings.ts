import { eq } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { userSettings } from "../db/schema";
import { ApiError } from "../lib/errors";
import { mergeSettings, type Settings, type SettingsPatch, settingsFromRow } from "./settings.schema";

/** The user's settings, created with the defaults on first read. */
export async function getUserSettings(db: Database, userId: string): Promise<Settings> {
  const [row] = await db
    .insert(userSettings)
    .values({ userId })
    .onConflictDoUpdate({ target: userSettings.userId, set: { userId } })
    .returning();
  if (!row) throw new Error("settings upsert returned no row");
  return settingsFromRow(row);
}

/**
 * Settings with a patch applied, or a 422: the minimum must not exceed the limit, and Gemini can only be
 * asked for where it is configured.
 */
export function applySettingsPatch(
  config: Pick<Config, "GEMINI_API_KEY">,
  current: Settings,
  patch: SettingsPatch,
): Settings {
  const merged = mergeSettings(current, patch);
  if (!merged.ok) {
    throw new ApiError("VALIDATION_FAILED", {
      detail: "The settings are inconsistent.",
      fields: [{ path: merged.path, message: merged.message, code: "custom" }],
    });
  }
  if (merged.settings.engine === "gemini" && !config.GEMINI_API_KEY) {
    throw new ApiError("VALIDATION_FAILED", {
      detail: "The Gemini engine is not configured on this server.",
      fields: [
        { path: "engine", message: "Gemini is not configured here; use auto or offline", code: "custom" },
      ],
    });
  }
  return merged.settings;
}

/** Applies a partial update; an inconsistent result is a 422 and nothing is written. */
export async function updateUserSettings(
  db: Database,
  config: Pick<Config, "GEMINI_API_KEY">,
  userId: string,
  patch: SettingsPatch,
): Promise<Settings> {
  const s = applySettingsPatch(config, await getUserSettings(db, userId), patch);
  await db
    .update(userSettings)
    .set({
      sentenceLengthLimit: s.sentence_length_limit,
      minSentenceLength: s.min_sentence_length,
      engine: s.engine,
      geminiModel: s.gemini_model,
      ignoreDialogue: s.ignore_dialogue,
      preserveFormatting: s.preserve_formatting,
      fixHyphenation: s.fix_hyphenation,
      extraAbbreviations: s.extra_abbreviations,
      updatedAt: new Date(),
    })
    .where(eq(userSettings.userId, userId));
  return s;
}
