import { beforeEach, describe, expect, it } from "vitest";
import type { FakeGoogleWorkspace } from "../../scripts/lib/fake-google/workspace.mjs";
import { authHeaders, signIn } from "../helpers/auth";
import {
  DRIVE_FILE,
  type ExportBody,
  grantGoogle,
  numberedSentences,
  postExport,
  SPREADSHEETS,
  seedCompletedJob,
  waitForExport,
} from "../helpers/exports";
import { installGoogleApis } from "../helpers/google-apis";
import { call, runningJob } from "../helpers/history";
import { postJson } from "../helpers/http";

let google: FakeGoogleWorkspace;
beforeEach(() => {
  google = installGoogleApis();
});

const NEW = { destination: "google_sheets", mode: "new" } as const;

async function userWithJob(sentences = 3) {
  const user = await signIn();
  const jobId = await seedCompletedJob(user.userId, numberedSentences(sentences));
  return { user, jobId };
}

async function accepted(response: Response) {
  expect(response.status, await response.clone().text()).toBe(202);
  return response.json<{ export_id: string; status: string; links: { self: string; job: string } }>();
}

describe("POST /api/v1/jobs/{id}/exports", () => {
  it("accepts an export of a completed job with 202 and where to follow it", async () => {
    const { user, jobId } = await userWithJob();
    const response = await postExport(user.accessToken, jobId, NEW);
    const body = await accepted(response);
    expect(body).toEqual({
      export_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: "pending",
      links: { self: `/api/v1/exports/${body.export_id}`, job: `/api/v1/jobs/${jobId}` },
    });
    expect(response.headers.get("location")).toBe(body.links.self);
    // Without a Google grant the export is accepted and ends in a visible failure.
    const ended = await waitForExport(user.accessToken, body.export_id);
    expect(ended).toMatchObject({
      status: "failed",
      job_id: jobId,
      rows_written: 0,
      rows_total: 3,
      error: { error_code: "GOOGLE_REAUTH_REQUIRED" },
    });
    expect(google.requests).toEqual([]);
  });

  it.each([
    ["append without a spreadsheet", { destination: "google_sheets", mode: "append" }, "spreadsheet_id"],
    ["a spreadsheet for a new one", { ...NEW, spreadsheet_id: "1AbCdEfGhIjKlMnOp" }, "spreadsheet_id"],
    [
      "a folder for an append",
      { mode: "append", destination: "google_sheets", spreadsheet_id: "1AbCdEfGhIjK", folder_id: "f1" },
      "folder_id",
    ],
    ["an unknown column", { ...NEW, columns: ["sentence", "translation"] }, "columns.1"],
    ["a column twice", { ...NEW, columns: ["page", "page"] }, "columns"],
    ["another destination", { destination: "excel", mode: "new" }, "destination"],
    [
      "a bad share role",
      { ...NEW, share_with: [{ email: "a@example.test", role: "owner" }] },
      "share_with.0.role",
    ],
    ["an unknown field", { ...NEW, sheet: "x" }, "(root)"],
  ])("refuses %s with 422", async (_case, body, path) => {
    const { user, jobId } = await userWithJob();
    const response = await postExport(user.accessToken, jobId, body);
    expect(response.status).toBe(422);
    const problem = await response.json<{ error_code: string; errors: { path: string }[] }>();
    expect(problem.error_code).toBe("VALIDATION_FAILED");
    expect(problem.errors.map((error) => error.path)).toContain(path);
  });

  it("answers 409 JOB_NOT_COMPLETED for a job still processing", async () => {
    const user = await signIn();
    const jobId = await runningJob(user.userId);
    const response = await postExport(user.accessToken, jobId, NEW);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error_code: "JOB_NOT_COMPLETED" });
  });

  it("answers 404 for another user's job, and another user's export", async () => {
    const { user, jobId } = await userWithJob();
    const other = await signIn();
    expect((await postExport(other.accessToken, jobId, NEW)).status).toBe(404);
    const { export_id } = await accepted(await postExport(user.accessToken, jobId, NEW));
    for (const path of [`/exports/${export_id}`, `/jobs/${jobId}/exports`]) {
      const response = await call(other.accessToken, path);
      expect(response.status, path).toBe(404);
    }
    const mine = await (await call(other.accessToken, "/exports")).json<{ items: ExportBody[] }>();
    expect(mine.items).toEqual([]);
    await waitForExport(user.accessToken, export_id);
  });

  it("asks for the spreadsheets scope before appending to a sheet the app did not create", async () => {
    const { user, jobId } = await userWithJob();
    await grantGoogle(user.userId, { scopes: [DRIVE_FILE] });
    const theirs = google.addSpreadsheet({ title: "Mon vocabulaire" });
    const append = { destination: "google_sheets", mode: "append", spreadsheet_id: theirs };
    const refused = await postExport(user.accessToken, jobId, append);
    expect(refused.status).toBe(403);
    const problem = await refused.json<{ error_code: string; authorize_url: string }>();
    expect(problem).toMatchObject({
      error_code: "GOOGLE_SCOPE_MISSING",
      authorize_url: "/api/v1/auth/google/authorize?scope=spreadsheets",
    });
    // The link starts the redirect sign-in that asks Google for the scope, keeping what was granted.
    const authorize = await call(user.accessToken, problem.authorize_url.replace("/api/v1", ""), {
      redirect: "manual",
    });
    expect(authorize.status).toBe(302);
    const google_ = new URL(authorize.headers.get("location") ?? "").searchParams;
    expect(google_.get("scope")).toContain(SPREADSHEETS);
    expect(google_.get("include_granted_scopes")).toBe("true");

    await grantGoogle(user.userId, { scopes: [DRIVE_FILE, SPREADSHEETS] });
    const { export_id } = await accepted(await postExport(user.accessToken, jobId, append));
    expect(await waitForExport(user.accessToken, export_id)).toMatchObject({ status: "completed" });
  });

  it("asks for drive.file before creating a spreadsheet with a grant that lacks it", async () => {
    const { user, jobId } = await userWithJob();
    await grantGoogle(user.userId, { scopes: [] });
    const response = await postExport(user.accessToken, jobId, NEW);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error_code: "GOOGLE_SCOPE_MISSING",
      authorize_url: "/api/v1/auth/google/authorize",
    });
  });

  it("needs the exports:write scope for an API key", async () => {
    const { user, jobId } = await userWithJob();
    const key = async (scopes: string[]) => {
      const created = await postJson("/api-keys", { name: "k", scopes }, authHeaders(user.accessToken));
      return (await created.json<{ key: string }>()).key;
    };
    const reader = await postExport(await key(["jobs:read"]), jobId, NEW);
    expect(reader.status).toBe(403);
    expect(await reader.json()).toMatchObject({ error_code: "FORBIDDEN" });
    const { export_id } = await accepted(await postExport(await key(["exports:write"]), jobId, NEW));
    await waitForExport(user.accessToken, export_id);
  });
});

describe("listing exports", () => {
  it("lists mine newest first a page at a time, a job's own, and the history entry's", async () => {
    const { user, jobId } = await userWithJob();
    const otherJob = await seedCompletedJob(user.userId, numberedSentences(2));
    const ids: string[] = [];
    for (const job of [jobId, otherJob, jobId]) {
      const { export_id } = await accepted(await postExport(user.accessToken, job, NEW));
      await waitForExport(user.accessToken, export_id);
      ids.push(export_id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = await (await call(user.accessToken, `/exports${query}`)).json<{
        items: ExportBody[];
        next_cursor: string | null;
      }>();
      seen.push(...page.items.map((item) => item.export_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const ofJob = await (await call(user.accessToken, `/jobs/${jobId}/exports`)).json<{
      items: ExportBody[];
    }>();
    expect(ofJob.items.map((item) => item.export_id)).toEqual([ids[2], ids[0]]);
    const entry = await (await call(user.accessToken, `/history/${jobId}`)).json<{
      sheet_exports: ExportBody[];
    }>();
    expect(entry.sheet_exports.map((item) => item.export_id)).toEqual([ids[2], ids[0]]);
    expect(entry.sheet_exports[0]).toMatchObject({
      status: "failed",
      links: { self: `/api/v1/exports/${ids[2]}` },
    });
    expect((await call(user.accessToken, "/exports?cursor=nope")).status).toBe(422);
  });
});
