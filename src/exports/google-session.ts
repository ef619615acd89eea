import { getGoogleAccessToken } from "../auth/google/credentials";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { GoogleApiError } from "./google/errors";
import type { GoogleApi } from "./google/request";

/** Where the Sheets and Drive calls of one user go, with a current access token. */
export interface GoogleEndpoints {
  sheets: GoogleApi;
  drive: GoogleApi;
}

/** Makes one user's Google calls for the length of a delivery. */
export interface GoogleSession {
  /**
   * Runs `work` with a current access token (read before each call, so a token that expires during a long export
   * is refreshed in time). A token Google refuses (401) is refreshed once per delivery and the work run again;
   * refused again, the 401 stands (the grant is gone).
   */
  call<T>(work: (api: GoogleEndpoints) => Promise<T>): Promise<T>;
}

/** A Google session for one user, with the configured base URLs. */
export function googleSession(db: Database, config: Config, userId: string): GoogleSession {
  let refreshed = false;
  const endpoints = (accessToken: string): GoogleEndpoints => ({
    sheets: { baseUrl: config.GOOGLE_SHEETS_BASE_URL, accessToken },
    drive: { baseUrl: config.GOOGLE_DRIVE_BASE_URL, accessToken },
  });
  return {
    async call(work) {
      const token = await getGoogleAccessToken(db, config, userId);
      try {
        return await work(endpoints(token));
      } catch (error) {
        if (!(error instanceof GoogleApiError) || error.kind !== "reauth" || refreshed) throw error;
        refreshed = true;
        return work(endpoints(await getGoogleAccessToken(db, config, userId, { forceRefresh: true })));
      }
    },
  };
}
