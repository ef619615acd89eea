/**
 * Google classifies `drive.file` as non-sensitive: it reaches only files the app created (or the user opened with
 * it), which covers every spreadsheet an export creates. Asked at sign-in.
 */
export const GOOGLE_DRIVE_FILE_SCOPE = "https://www.googleapis.com/auth/drive.file";

/**
 * `spreadsheets` reaches every spreadsheet of the user and is sensitive (it needs Google's app verification):
 * asked only when a user first appends to a spreadsheet the app did not create (incremental authorization).
 */
export const GOOGLE_SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

/** Everything a redirect sign-in asks for. */
export const GOOGLE_SIGN_IN_SCOPES = ["openid", "email", "profile", GOOGLE_DRIVE_FILE_SCOPE];

/** The scopes a redirect sign-in may add on request, by the short name the API uses for them. */
export const GOOGLE_EXTRA_SCOPES = { spreadsheets: GOOGLE_SHEETS_SCOPE } as const;

export type GoogleExtraScope = keyof typeof GOOGLE_EXTRA_SCOPES;

/** The scopes of a stored grant (Google's space-separated `scope`). */
export const scopeSet = (scope: string): Set<string> => new Set(scope.split(/\s+/).filter(Boolean));
