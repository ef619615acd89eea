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

export const SettingsSchema = z.object(fields).openapi("Settings", {
  example: {
    sentence_length_limit: 8,
    min_sentence_length: 2,
    engine: "auto",
    gemini_model: "balanced",
    ignore_dialogue: false,
    preserve_formatting: false,
    fix_hyphenation: true,
    extra_abbreviations: ["réf."],
  },
});
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

/** A partial update (`PUT /settings`): unknown fields are refused, so a typo is never silently dropped. */
export const SettingsPatchSchema = z
  .strictObject(fields)
  .partial()
  .openapi("SettingsUpdate", { example: { sentence_length_limit: 12, ignore_dialogue: true } });
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/**
 * The same update for `POST /settings`, the existing frontend's call: it sends its whole cached settings
 * object, with fields of its own (`default_folder_id`, `default_sheet_name_pattern`, `default_wordlist_id`).
 * Known fields are checked as strictly as by PUT; any other field is let through here and then ignored.
 */
export const LenientSettingsPatchSchema = z
  .looseObject(fields)
  .partial()
  .openapi("SettingsUpdateIgnoringUnknown", {
    description: "Known fields are validated; unknown fields are ignored and named in `X-Ignored-Fields`",
  });

const KNOWN_FIELDS = new Set(Object.keys(fields));

/** Names fit to echo in a header: a JSON key may hold anything, a header value may not. */
const NAMEABLE = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_NAMED = 20;

/**
 * Splits a lenient update into the patch to apply and the names of the fields it ignores (sorted; at most 20,
 * and only plain names — anything else is ignored without being echoed).
 */
export function splitSettingsPatch(body: Record<string, unknown>): {
  patch: SettingsPatch;
  ignored: string[];
} {
  const patch: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (KNOWN_FIELDS.has(key)) patch[key] = value;
    else if (NAMEABLE.test(key) && ignored.length < MAX_NAMED) ignored.push(key);
  }
  // The schema checked every known field; only the unknown ones were left unchecked, and they are dropped.
  return { patch: patch as SettingsPatch, ignored: ignored.sort() };
}

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
