import { apiKeyView } from "../../auth/api-keys";
import { sessionView } from "../../auth/sessions";
import { apiKeys, googleCredentials, sessions } from "../../db/schema";
import type { DataSection } from "../data-section";
import { eraseRows, userRows } from "./user-rows";

/** Sign-ins, without their refresh tokens (stored hashed; deleted with their session). */
export const sessionsSection: DataSection = {
  name: "sessions",
  tables: ["sessions", "refresh_tokens"],
  file: {
    name: "sessions.json",
    describe:
      "Every sign-in kept for you (device, dates, whether it was ended); tokens are never included, only hashes of them are stored.",
    async rows({ db }, userId) {
      const rows = await userRows(db, sessions, userId);
      return rows.map((row) => {
        const { current: _, ...view } = sessionView(row);
        return { ...view, revoked_at: row.revokedAt?.toISOString() ?? null };
      });
    },
  },
  // Refresh tokens go with their session (ON DELETE CASCADE).
  erase: eraseRows(sessions, sessions.userId),
};

/** Personal API keys, without their hashes. */
export const apiKeysSection: DataSection = {
  name: "api_keys",
  tables: ["api_keys"],
  file: {
    name: "api-keys.json",
    describe:
      "Your API keys as GET /api/v1/api-keys shows them, revoked ones included; the secret was shown once and only a hash of it is stored.",
    async rows({ db }, userId) {
      const rows = await userRows(db, apiKeys, userId);
      return rows.map((row) => ({ ...apiKeyView(row), revoked_at: row.revokedAt?.toISOString() ?? null }));
    },
  },
  erase: eraseRows(apiKeys, apiKeys.userId),
};

/** Google OAuth tokens: never exported; the grant is revoked at Google before this runs. */
export const googleSection: DataSection = {
  name: "google_credentials",
  tables: ["google_credentials"],
  erase: eraseRows(googleCredentials, googleCredentials.userId),
};
