import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, set by SQLite on insert. */
export const createdAt = () =>
  integer({ mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const USER_ROLES = ["user", "premium", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = sqliteTable("users", {
  id: text().primaryKey(),
  googleSub: text().unique(),
  email: text().notNull().unique(),
  name: text(),
  picture: text(),
  role: text({ enum: USER_ROLES }).notNull().default("user"),
  isActive: integer({ mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  lastLoginAt: integer({ mode: "timestamp_ms" }),
});

export const ENGINES = ["auto", "offline", "gemini"] as const;
export const GEMINI_TIERS = ["speed", "balanced", "quality"] as const;

/** One row per user, created with defaults on first read. */
export const userSettings = sqliteTable("user_settings", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  sentenceLengthLimit: integer().notNull().default(8),
  minSentenceLength: integer().notNull().default(2),
  engine: text({ enum: ENGINES }).notNull().default("auto"),
  geminiModel: text({ enum: GEMINI_TIERS }).notNull().default("balanced"),
  ignoreDialogue: integer({ mode: "boolean" }).notNull().default(false),
  preserveFormatting: integer({ mode: "boolean" }).notNull().default(true),
  fixHyphenation: integer({ mode: "boolean" }).notNull().default(true),
  updatedAt: createdAt(),
});

export type User = typeof users.$inferSelect;
export type UserSettingsRow = typeof userSettings.$inferSelect;
