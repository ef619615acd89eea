import { describe, expect, it } from "vitest";
import { FakeGoogleWorkspace } from "../../scripts/lib/fake-google/workspace.mjs";

const BASE = "http://127.0.0.1:8795";
const bearer = { authorization: "Bearer ya29.local" };

/** The fake answers as Google does, so the export's tests can fail the way production would. */
describe("the local Google fake", () => {
  it("refreshes access tokens until the grant is revoked", () => {
    const google = new FakeGoogleWorkspace();
    const refresh = () =>
      google.handle({
        method: "POST",
        url: `${BASE}/token`,
        body: "grant_type=refresh_token&refresh_token=rt-1",
      });
    expect(refresh()).toMatchObject({ status: 200, body: { token_type: "Bearer", expires_in: 3599 } });
    expect(google.handle({ method: "POST", url: `${BASE}/revoke?token=rt-1` }).status).toBe(200);
    expect(refresh()).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("stores typed input as formulas under USER_ENTERED, which is why exports write RAW", () => {
    const google = new FakeGoogleWorkspace();
    const id = google.addSpreadsheet({ rows: [], rowCount: 2 });
    const range = "'Sheet1'!A1:B1";
    const answer = google.handle({
      method: "PUT",
      url: `${BASE}/v4/spreadsheets/${id}/values/${encodeURIComponent(range)}?valueInputOption=USER_ENTERED`,
      headers: bearer,
      body: JSON.stringify({ range, values: [["=1+1", "-x"]] }),
    });
    expect(answer.status).toBe(200);
    expect(google.inspect(id)?.sheets[0]?.values).toEqual([[{ formula: "=1+1" }, { formula: "=-x" }]]);
  });

  it("creates spreadsheets only in folders that exist, one parent each, as Drive does", () => {
    const google = new FakeGoogleWorkspace();
    const create = (parents: string[]) =>
      google.handle({
        method: "POST",
        url: `${BASE}/drive/v3/files`,
        headers: bearer,
        body: JSON.stringify({ name: "x", mimeType: "application/vnd.google-apps.spreadsheet", parents }),
      });
    expect(create(["folder-nope"])).toMatchObject({
      status: 404,
      body: { error: { errors: [{ reason: "notFound" }] } },
    });
    const [a, b] = [google.addFolder(), google.addFolder()];
    expect(create([a, b])).toMatchObject({
      status: 403,
      body: { error: { errors: [{ reason: "cannotAddParent" }] } },
    });
    expect(create([a])).toMatchObject({ status: 200, body: { parents: [a] } });
  });

  it("refuses calls without a bearer token, in each API's own error shape", () => {
    const google = new FakeGoogleWorkspace();
    const sheets = google.handle({ method: "POST", url: `${BASE}/v4/spreadsheets`, body: "{}" });
    const drive = google.handle({ method: "GET", url: `${BASE}/drive/v3/files/x` });
    expect(sheets).toMatchObject({ status: 401, body: { error: { status: "UNAUTHENTICATED" } } });
    expect(drive).toMatchObject({ status: 401, body: { error: { errors: [{ reason: "authError" }] } } });
  });
});
