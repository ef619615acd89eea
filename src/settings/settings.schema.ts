import { z } from "@hono/zod-openapi";
import { ENGINES, GEMINI_TIERS, USER_SETTINGS_DEFAULTS, type UserSettingsRow } from "../db/schema";
import type { SentenceSettings } from "../engines/types";

/** "Ste", "réf.", "LL. AA.": letters with inner periods or spaces, an optional final period. */
const ABBREVIATION = /^\p{L}+(?:[. ]+\p{L}+)*\.?$/u;

const fields = {
  sentence_length_limit: z
    .number()
    .int()
    .min(3)
    .max(50)
    .openapi({ description: "At most this many words per sentence" }),
  min_sentence_length: z
    .number()
    .int()
    .min(1)
    .max(10)
    .openapi({ description: "Shorter pieces join a neighbour" }),
  engine: z.enum(ENGINES).openapi({ description: "`auto` = Gemini when configured, else offline" }),
  gemini_model: z.enum(GEMINI_TIERS),
  ignore_dialogue: z.boolean().openapi({ description: "Keep quoted speech whole" }),
  preserve_formatting: z.boolean(),
  fix_hyphenation: z.boolean().openapi({ description: "Join words cut by line-break hyphens" }),
  extra_abbreviations: z
    .array(
      z
        .string()
        .trim()
        .regex(ABBREVIATION, "must be letters, with inner periods or spaces, and an optional final period")
        .max(24),
    )
    .max(50)
    .openapi({
      description:
        "Abbreviations of your own after which a period does not end a sentence (any case, final period optional)",
      example: ["réf.", "LL. AA."],
    }),
};

export const SettingsSchema = z.object(fields).openapi("Settings");
export type Settings = z.infer<typeof SettingsSchema>;

/** The wire form of a settings row (or of the column defaults). */
export function settingsFromRow(row: Omit<UserSettingsRow, "userId" | "updatedAt">): Settings {
  return {
    sentence_length_limit: row.sentenceLengthLimit,
    min_sentence_length: row.minSentenceLength,
    engine: row.engine,
    gemini_model: row.geminiModel,
    ignore_dialogue: row.ignoreDialogue,
    preserve_formatting: row.preserveFormatting,
    fix_hyphenation: row.fixHyphenation,
    extra_abbreviations: [...row.extraAbbreviations],
  };
}

/** A new user's settings; the database's column defaults are the one source. */
export const SETTINGS_DEFAULTS: Settings = settingsFromRow(USER_SETTINGS_DEFAULTS);

/** A partial update: unknown fields are refused, never ignored. */
export const SettingsPatchSchema = z.strictObject(fields).partial().openapi("SettingsUpdate");
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

const formBoolean = z.enum(["true", "false"]).transform((value) => value === "true");
const formInt = z.string().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.number().int());

/** The same overrides as multipart form fields (strings), converted and range-checked like JSON. */
export const SettingsFormSchema = z
  .object({
    sentence_length_limit: formInt.pipe(fields.sentence_length_limit),
    min_sentence_length: formInt.pipe(fields.min_sentence_length),
    engine: fields.engine,
    gemini_model: fields.gemini_model,
    ignore_dialogue: formBoolean,
    preserve_formatting: formBoolean,
    fix_hyphenation: formBoolean,
    extra_abbreviations: z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(fields.extra_abbreviations),
  })
  .partial();

/** Applies a patch and checks the cross-field rule; returns the field errors instead of throwing. */
export function mergeSettings(
  current: Settings,
  patch: SettingsPatch,
): { ok: true; settings: Settings } | { ok: false; path: string; message: string } {
  const settings = { ...current, ...stripUndefined(patch) };
  if (settings.min_sentence_length > settings.sentence_length_limit) {
    return {
      ok: false,
      path: "min_sentence_length",
      message: `must be at most sentence_length_limit (${settings.sentence_length_limit})`,
    };
  }
  return { ok: true, settings };
}

function stripUndefined(patch: SettingsPatch): SettingsPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}

/** The engines' view of the settings. */
export function toSentenceSettings(settings: Settings): SentenceSettings {
  return {
    sentenceLengthLimit: settings.sentence_length_limit,
    minSentenceLength: settings.min_sentence_length,
    ignoreDialogue: settings.ignore_dialogue,
    preserveFormatting: settings.preserve_formatting,
    fixHyphenation: settings.fix_hyphenation,
    ...(settings.extra_abbreviations?.length ? { extraAbbreviations: settings.extra_abbreviations } : {}),
  };
}
