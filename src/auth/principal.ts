import type { UserRole } from "../db/schema";

/** What an authenticated request knows about its caller (set by the auth middleware). */
export interface Principal {
  userId: string;
  role: UserRole;
  /** `session` for app access tokens, `api_key` for personal API keys. */
  kind: "session" | "api_key";
  /** Scopes granted; sessions hold every scope. */
  scopes: readonly string[];
  sessionId?: string;
}
