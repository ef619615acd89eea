// The Google Sheets part of `npm run demo -- --export sheets`: a Google sign-in through the API's redirect flow
// (against the local Google fake, which approves at once), then exports that create a spreadsheet and append to
// it, checked against the fake's own view of the sheet, and the Anki download of the first book.

const POLL_MS = 500;
const EXPORT_TIMEOUT_MS = 5 * 60_000;

/**
 * Signs in through `GET /auth/google/authorize` → Google (the fake) → `/auth/google/callback`, as a browser
 * would (carrying the callback's cookie), and returns the access token handed back in the URL fragment.
 * `redirectUri` must be on an origin of the API's AUTH_REDIRECT_ORIGINS.
 */
export async function googleSignIn(baseUrl, redirectUri) {
  const step = async (url, headers = {}) => {
    const response = await fetch(url, { redirect: "manual", headers });
    const location = response.headers.get("location");
    if (response.status !== 302 || !location) {
      throw new Error(
        `Google sign-in stopped at ${new URL(url).pathname}: ${response.status} ${await response.text()}`,
      );
    }
    return { location: new URL(location, url).href, cookie: response.headers.getSetCookie?.() ?? [] };
  };
  const start = new URL("/api/v1/auth/google/authorize", baseUrl);
  start.searchParams.set("redirect_uri", redirectUri);
  const authorize = await step(start.href);
  const consent = await step(authorize.location);
  const cookie = authorize.cookie.map((line) => line.split(";")[0]).join("; ");
  const back = await step(consent.location, { cookie });
  const fragment = new URLSearchParams(new URL(back.location).hash.slice(1));
  if (!fragment.get("access_token"))
    throw new Error(`Google sign-in failed: ${fragment.get("error") ?? back.location}`);
  return fragment.get("access_token");
}

/** Posts an export of a job and polls it until it ends; returns the export. */
export async function exportAndFollow(api, jobId, request) {
  const accepted = await api(`/api/v1/jobs/${jobId}/exports`, { method: "POST", json: request });
  const deadline = Date.now() + EXPORT_TIMEOUT_MS;
  for (;;) {
    const current = await api(accepted.links.self);
    if (current.status === "completed" || current.status === "failed") return current;
    if (Date.now() > deadline) throw new Error(`Export ${accepted.export_id} still ${current.status}.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Exports each finished job in turn: the first to a new spreadsheet, the others appended to it. Checks the sheet
 * in the fake holds the header and every sentence of every book, in order. Returns the spreadsheet's id.
 */
export async function exportBooks(api, googleBaseUrl, jobs) {
  let spreadsheetId = null;
  let expected = 1;
  for (const job of jobs) {
    const request = spreadsheetId
      ? { destination: "google_sheets", mode: "append", spreadsheet_id: spreadsheetId }
      : { destination: "google_sheets", mode: "new" };
    const done = await exportAndFollow(api, job.job_id, request);
    if (done.status !== "completed")
      throw new Error(`Export failed: ${done.error?.error_code}: ${done.error?.message}`);
    spreadsheetId = done.spreadsheet_id;
    expected += job.sentence_count;
    console.log(
      `Export ${request.mode}: ${done.rows_written} rows of ${job.job_id} → ${done.spreadsheet_url}`,
    );
  }
  const sheet = await (await fetch(new URL(`/__fake/spreadsheets/${spreadsheetId}`, googleBaseUrl))).json();
  const rows = sheet.sheets[0].values.length;
  console.log(`The fake's sheet "${sheet.title}" holds ${rows} rows (header + every sentence: ${expected}).`);
  if (rows !== expected) throw new Error(`Expected ${expected} rows in the spreadsheet, found ${rows}.`);
  return spreadsheetId;
}

/** Downloads a job's Anki file and checks it has one note per sentence, each with its original on the back. */
export async function checkAnki(api, job) {
  const response = await api(`/api/v1/jobs/${job.job_id}/download?format=anki`, { raw: true });
  const lines = (await response.text()).split("\n").filter((line) => line && !line.startsWith("#"));
  const withOriginal = lines.filter((line) => line.split("\t")[1]?.includes("(p. ")).length;
  console.log(
    `Anki file: ${lines.length} notes for ${job.sentence_count} sentences, ${withOriginal} with the original and page.`,
  );
  if (lines.length !== job.sentence_count) throw new Error("The Anki file does not hold every sentence.");
}
