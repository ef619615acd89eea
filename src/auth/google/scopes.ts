/** Lets later features write the user's spreadsheets. */
export const GOOGLE_SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

/** Lets later features create files (exports) in the user's Drive, and only those. */
export const GOOGLE_DRIVE_FILE_SCOPE = "https://www.googleapis.com/auth/drive.file";

/** Everything the redirect sign-in asks for. */
export const GOOGLE_SIGN_IN_SCOPES = [
  "openid",
  "email",
  "profile",
  GOOGLE_SHEETS_SCOPE,
  GOOGLE_DRIVE_FILE_SCOPE,
];
