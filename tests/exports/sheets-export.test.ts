import { env } from "cloudflare:test";
import { http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import type { FakeGoogleWorkspace, RecordedRequest } from "../../scripts/lib/fake-google/workspace.mjs";
import { type SignedIn, signIn } from "../helpers/auth";
import {
  exportAndWait,
  grantGoogle,
  numberedSentences,
  type SeedSentence,
  SPREADSHEETS,
  seedCompletedJob,
} from "../helpers/exports";
import { FakeGoogle } from "../helpers/fake-google";
import { ACCESS_TOKEN, GOOGLE_APIS, installGoogleApis } from "../helpers/google-apis";
import { network } from "../helpers/network";

const NEW = { destination: "google_sheets", mode: "new" } as const;
const HEADER = ["Sentence", "Original sentence", "Page"];

let google: FakeGoogleWorkspace;
let oauth: FakeGoogle;
beforeEach(() => {
  google = installGoogleApis();
  oauth = new FakeGoogle().install();
});

/** A signed-in user with a Google grant (drive.file unless told) whose refresh token the fake OAuth knows. */
async function googleUser(scopes?: string[]): Promise<SignedIn & { refreshToken: string }> {
  const user = await signIn();
  const refreshToken = `rt-${crypto.randomUUID()}`;
  oauth.refreshTokens.set(refreshToken, { revoked: false });
  await grantGoogle(user.userId, { refreshToken, ...(scopes ? { scopes } : {}) });
  return { ...user, refreshToken };
}

const rowsOf = (sentences: SeedSentence[]) => sentences.map((s) => [s.text, s.source, s.page]);
const sheetOf = (spreadsheetId: string | null) => google.inspect(spreadsheetId ?? "")?.sheets[0];
const writes = (): RecordedRequest[] => google.requests.filter((request) => request.method === "PUT");

describe("exporting to a new spreadsheet", () => {
  it("writes a bold, frozen header and every row in order, each sentence beside its original", async () => {
    const user = await googleUser();
    const sentences = numberedSentences(120);
    const jobId = await seedCompletedJob(user.userId, sentences, { filename: "Le Horla.pdf" });
    const done = await exportAndWait(user.accessToken, jobId, NEW);
    expect(done).toMatchObject({
      status: "completed",
      rows_written: 120,
      rows_total: 120,
      sheet_name: "Sentences",
    });
    expect(done.spreadsheet_url).toContain(done.spreadsheet_id);
    const spreadsheet = google.inspect(done.spreadsheet_id ?? "");
    expect(spreadsheet?.title).toBe(`Le Horla — ${new Date().toISOString().slice(0, 10)}`);
    expect(spreadsheet?.appProperties).toEqual({ frenchNovelToolExport: done.export_id });
    expect(sheetOf(done.spreadsheet_id)).toMatchObject({
      title: "Sentences",
      frozenRowCount: 1,
      boldRows: [1],
      values: [HEADER, ...rowsOf(sentences)],
    });
  });

  it("writes every value RAW: =1+1 and -x stay text, numbers and booleans keep their type", async () => {
    const user = await googleUser();
    const sentences = [
      { text: "=1+1", source: "-x", page: 3, chapter: "I" },
      { text: "-x", source: '=HYPERLINK("http://evil.test")', page: 4 },
      { text: "— Bonjour, dit-il.", source: "@maison", page: 4, chapter: "II" },
    ];
    const jobId = await seedCompletedJob(user.userId, sentences);
    const columns = ["index", "sentence", "source_text", "chapter", "fallback"];
    const done = await exportAndWait(user.accessToken, jobId, { ...NEW, columns, sheet_name: "Brut" });
    expect(sheetOf(done.spreadsheet_id)?.values).toEqual([
      ["#", "Sentence", "Original sentence", "Chapter", "Fallback"],
      [0, "=1+1", "-x", "I", false],
      [1, "-x", '=HYPERLINK("http://evil.test")', "", false],
      [2, "— Bonjour, dit-il.", "@maison", "II", false],
    ]);
    expect(writes().map((write) => write.query.valueInputOption)).toEqual(["RAW", "RAW"]);
    expect(sheetOf(done.spreadsheet_id)?.title).toBe("Brut");
  });

  it("creates it in the chosen folder and shares it, e-mailing only the person who asked", async () => {
    const user = await googleUser();
    const jobId = await seedCompletedJob(user.userId, numberedSentences(5));
    const folderId = google.addFolder("Français");
    const done = await exportAndWait(user.accessToken, jobId, {
      ...NEW,
      title: "Mes phrases",
      folder_id: folderId,
      share_with: [
        { email: "amie@example.test", role: "writer" },
        { email: "prof@example.test", role: "reader", notify: true },
      ],
    });
    const spreadsheet = google.inspect(done.spreadsheet_id ?? "");
    expect(spreadsheet).toMatchObject({ title: "Mes phrases", parents: [folderId] });
    expect(spreadsheet?.permissions).toEqual([
      expect.objectContaining({
        emailAddress: "amie@example.test",
        role: "writer",
        sendNotificationEmail: false,
      }),
      expect.objectContaining({
        emailAddress: "prof@example.test",
        role: "reader",
        sendNotificationEmail: true,
      }),
    ]);
  });

  it("fails FOLDER_NOT_FOUND, creating nothing, when the folder cannot be reached", async () => {
    const user = await googleUser();
    const jobId = await seedCompletedJob(user.userId, numberedSentences(2));
    const done = await exportAndWait(user.accessToken, jobId, { ...NEW, folder_id: "folder-gone" });
    expect(done).toMatchObject({
      status: "failed",
      spreadsheet_id: null,
      error: { error_code: "FOLDER_NOT_FOUND" },
    });
    expect(google.inspect(done.spreadsheet_id ?? "")).toBeNull();
  });

  it("exports 25,000 rows in several batches, each within Google's request size", async () => {
    const user = await googleUser();
    const sentences = numberedSentences(25_000);
    const jobId = await seedCompletedJob(user.userId, sentences);
    const done = await exportAndWait(user.accessToken, jobId, NEW);
    expect(done).toMatchObject({ status: "completed", rows_written: 25_000 });
    const batches = writes().slice(1);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(JSON.stringify(batch.body).length).toBeLessThan(2_000_000);
    const values = sheetOf(done.spreadsheet_id)?.values ?? [];
    expect(values).toHaveLength(25_001);
    expect(values).toEqual([HEADER, ...rowsOf(sentences)]);
  });
});

describe("appending", () => {
  it("writes below the last used row of the user's own sheet: nothing overwritten, no second header", async () => {
    const user = await googleUser(["https://www.googleapis.com/auth/drive.file", SPREADSHEETS]);
    const existing = [
      ["Mot", "Traduction"],
      ["chat", "cat"],
      ["", "", "note en C"],
    ];
    const spreadsheetId = google.addSpreadsheet({
      title: "Vocabulaire",
      sheetTitle: "Mots",
      rows: existing,
      rowCount: 3,
    });
    const sentences = numberedSentences(7);
    const jobId = await seedCompletedJob(user.userId, sentences);
    const done = await exportAndWait(user.accessToken, jobId, {
      destination: "google_sheets",
      mode: "append",
      spreadsheet_id: `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit#gid=0`,
      sheet_name: "mots",
    });
    expect(done).toMatchObject({
      status: "completed",
      rows_written: 7,
      spreadsheet_id: spreadsheetId,
      sheet_name: "Mots",
    });
    const sheet = sheetOf(spreadsheetId);
    expect(sheet?.values).toEqual([...existing, ...rowsOf(sentences)]);
    expect(sheet?.boldRows).toEqual([]);
  });

  it("appends a second book to the sheet of the first, with drive.file alone, keeping every row", async () => {
    const user = await googleUser();
    const first = numberedSentences(30, "Premier");
    const second = numberedSentences(20, "Second");
    const firstExport = await exportAndWait(
      user.accessToken,
      await seedCompletedJob(user.userId, first),
      NEW,
    );
    const secondJob = await seedCompletedJob(user.userId, second);
    const appended = await exportAndWait(user.accessToken, secondJob, {
      destination: "google_sheets",
      mode: "append",
      spreadsheet_id: firstExport.spreadsheet_id,
    });
    expect(appended).toMatchObject({ status: "completed", rows_written: 20 });
    expect(sheetOf(firstExport.spreadsheet_id)?.values).toEqual([
      HEADER,
      ...rowsOf(first),
      ...rowsOf(second),
    ]);
    expect(sheetOf(firstExport.spreadsheet_id)?.boldRows).toEqual([1]);
  });

  it("puts a header on an empty sheet before the rows", async () => {
    const user = await googleUser([SPREADSHEETS]);
    const spreadsheetId = google.addSpreadsheet({ rowCount: 1 });
    const sentences = numberedSentences(2);
    const jobId = await seedCompletedJob(user.userId, sentences);
    await exportAndWait(user.accessToken, jobId, {
      destination: "google_sheets",
      mode: "append",
      spreadsheet_id: spreadsheetId,
    });
    expect(sheetOf(spreadsheetId)).toMatchObject({
      values: [HEADER, ...rowsOf(sentences)],
      boldRows: [1],
      frozenRowCount: 1,
    });
  });

  it.each([
    ["404", "SPREADSHEET_NOT_FOUND"],
    ["403", "SPREADSHEET_FORBIDDEN"],
  ] as const)("fails %s → %s, writing nothing", async (fault, code) => {
    const user = await googleUser([SPREADSHEETS]);
    const spreadsheetId = google.addSpreadsheet({ rows: [["à garder"]] });
    const jobId = await seedCompletedJob(user.userId, numberedSentences(2));
    google.failNext(fault);
    const done = await exportAndWait(user.accessToken, jobId, {
      destination: "google_sheets",
      mode: "append",
      spreadsheet_id: spreadsheetId,
    });
    expect(done).toMatchObject({ status: "failed", rows_written: 0, error: { error_code: code } });
    expect(sheetOf(spreadsheetId)?.values).toEqual([["à garder"]]);
    expect(writes()).toEqual([]);
  });
});

describe("Google failing along the way", () => {
  it("refreshes a token Google stops accepting mid-export, and goes on", async () => {
    const user = await googleUser();
    const sentences = numberedSentences(40);
    const jobId = await seedCompletedJob(user.userId, sentences);
    let puts = 0;
    // Just before the first batch of rows (after the header), Google stops accepting the stored token.
    network.use(
      http.put(`${GOOGLE_APIS.sheets}/v4/*`, () => {
        puts += 1;
        if (puts === 2) google.revokedTokens.add(ACCESS_TOKEN);
      }),
    );
    const done = await exportAndWait(user.accessToken, jobId, NEW);
    expect(done).toMatchObject({ status: "completed", rows_written: 40 });
    expect(oauth.tokenRequests.map((form) => form.get("refresh_token"))).toEqual([user.refreshToken]);
    expect(sheetOf(done.spreadsheet_id)?.values).toEqual([HEADER, ...rowsOf(sentences)]);
  });

  it("fails GOOGLE_REAUTH_REQUIRED when the grant was revoked, and forgets it", async () => {
    const user = await googleUser();
    oauth.revoke(user.refreshToken);
    google.revokedTokens.add(ACCESS_TOKEN);
    const jobId = await seedCompletedJob(user.userId, numberedSentences(3));
    const done = await exportAndWait(user.accessToken, jobId, NEW);
    expect(done).toMatchObject({ status: "failed", error: { error_code: "GOOGLE_REAUTH_REQUIRED" } });
    const grant = await env.DB.prepare("SELECT user_id FROM google_credentials WHERE user_id = ?")
      .bind(user.userId)
      .first();
    expect(grant).toBeNull();
  });

  it("waits out a 429 as Google asks, then completes", async () => {
    const user = await googleUser();
    const sentences = numberedSentences(10);
    const jobId = await seedCompletedJob(user.userId, sentences);
    google.failNext("429", { retryAfter: 1 });
    const done = await exportAndWait(user.accessToken, jobId, NEW);
    expect(done).toMatchObject({ status: "completed", rows_written: 10, attempts: 2 });
    expect(sheetOf(done.spreadsheet_id)?.values).toEqual([HEADER, ...rowsOf(sentences)]);
    expect(
      google.requests.filter((request) => request.path === "/drive/v3/files" && request.method === "POST"),
    ).toHaveLength(1);
  });
});
