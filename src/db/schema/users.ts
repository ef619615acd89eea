import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, set by SQLite on insert. */
export const createdAt = () =>
  integer({ mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const USER_ROLES = ["user", "premium", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Who set a user's role: nobody (the default), the ADMIN_EMAILS list at sign-in, or an admin through the API. */
export const ROLE_SOURCES = ["default", "admin_emails", "admin_api"] as const;
export type RoleSource = (typeof ROLE_SOURCES)[number];

export const users = sqliteTable("users", {
  id: text().primaryKey(),
  googleSub: text().unique(),
  email: text().notNull().unique(),
  name: text(),
  picture: text(),
  role: text({ enum: USER_ROLES }).notNull().default("user"),
  roleSource: text({ enum: ROLE_SOURCES }).notNull().default("default"),
  isActive: integer({ mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  lastLoginAt: integer({ mode: "timestamp_ms" }),
});

export const ENGINES = ["auto", "offline", "gemini"] as const;
export const GEMINI_TIERS = ["speed", "balanced", "quality"] as const;

/** What a user who never changed a setting gets: the column defaults below, and the API's settings defaults. */
export const USER_SETTINGS_DEFAULTS = {
  sentenceLengthLimit: 8,
  minSentenceLength: 2,
  engine: "auto" as (typeof ENGINES)[number],
  geminiModel: "balanced" as (typeof GEMINI_TIERS)[number],
  ignoreDialogue: false,
  preserveFormatting: true,
  fixHyphenation: true,
  extraAbbreviations: [] as string[],
};

/** One row per user, created with defaults on first read. */
export const userSettings = sqliteTable("user_settings", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  sentenceLengthLimit: integer().notNull().default(USER_SETTINGS_DEFAULTS.sentenceLengthLimit),
  minSentenceLength: integer().notNull().default(USER_SETTINGS_DEFAULTS.minSentenceLength),
  engine: text({ enum: ENGINES }).notNull().default(USER_SETTINGS_DEFAULTS.engine),
  geminiModel: text({ enum: GEMINI_TIERS }).notNull().default(USER_SETTINGS_DEFAULTS.geminiModel),
  ignoreDialogue: integer({ mode: "boolean" }).notNull().default(USER_SETTINGS_DEFAULTS.ignoreDialogue),
  preserveFormatting: integer({ mode: "boolean" })
    .notNull()
    .default(USER_SETTINGS_DEFAULTS.preserveFormatting),
  fixHyphenation: integer({ mode: "boolean" }).notNull().default(USER_SETTINGS_DEFAULTS.fixHyphenation),
  extraAbbreviations: text({ mode: "json" })
    .$type<string[]>()
    .notNull()
    .default(USER_SETTINGS_DEFAULTS.extraAbbreviations),
  updatedAt: createdAt(),
});

export type User = typeof users.$inferSelect;
export type UserSettingsRow = typeof userSettings.$inferSelect;
