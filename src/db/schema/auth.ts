import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, users } from "./users";

const timestamp = () => integer({ mode: "timestamp_ms" });

/** A sign-in on one device: the family every refresh token of that sign-in belongs to. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    userAgent: text(),
    createdAt: createdAt(),
    lastUsedAt: timestamp().notNull(),
    expiresAt: timestamp().notNull(),
    revokedAt: timestamp(),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

/** Refresh tokens, stored as SHA-256 hashes; a rotated one presented again after its grace reveals theft. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text().primaryKey(),
    sessionId: text()
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp().notNull(),
    rotatedAt: timestamp(),
    /**
     * The token that replaced this one, encrypted and bound to this row, so a parallel refresh within
     * REFRESH_REUSE_GRACE_SECONDS receives the same successor; cleared by housekeeping once the grace is over.
     */
    successor: text(),
  },
  (table) => [
    index("refresh_tokens_session_id_idx").on(table.sessionId),
    // Only the few rows still holding a successor, so housekeeping finds them without a scan.
    index("refresh_tokens_successor_idx").on(table.rotatedAt).where(sql`${table.successor} IS NOT NULL`),
  ],
);

/** Personal API keys, stored as SHA-256 hashes; `prefix` is what the owner sees to recognise one. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    scopes: text({ mode: "json" }).$type<string[]>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp(),
    revokedAt: timestamp(),
  },
  (table) => [index("api_keys_user_id_idx").on(table.userId)],
);

/** Google OAuth tokens per user, each encrypted (AES-256-GCM envelope naming its key id). */
export const googleCredentials = sqliteTable("google_credentials", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  accessToken: text().notNull(),
  accessTokenExpiresAt: timestamp().notNull(),
  refreshToken: text(),
  scope: text().notNull().default(""),
  updatedAt: createdAt(),
});

/** Pending redirect sign-ins: single-use `state` (hashed) with its PKCE verifier and where to return. */
export const oauthStates = sqliteTable("oauth_states", {
  stateHash: text().primaryKey(),
  browserBindingHash: text().notNull(),
  codeVerifier: text().notNull(),
  redirectUri: text().notNull(),
  expiresAt: timestamp().notNull(),
  createdAt: createdAt(),
});

export type ApiKeyRow = typeof apiKeys.$inferSelect;
