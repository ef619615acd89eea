import { beforeEach, describe, expect, it } from "vitest";
import type { FakeFault, FakeGoogleWorkspace } from "../../../scripts/lib/fake-google/workspace.mjs";
import { createMarkedSpreadsheet, shareFile } from "../../../src/exports/google/drive";
import { GoogleApiError, googleErrorFrom, retryAfterSeconds } from "../../../src/exports/google/errors";
import { getSheet } from "../../../src/exports/google/sheets";
import { ACCESS_TOKEN, driveApi, installGoogleApis, sheetsApi } from "../../helpers/google-apis";

const errorInfo = (reason: string) => ({
  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
  reason,
  domain: "googleapis.com",
  metadata: { service: "sheets.googleapis.com" },
});
const sheetsBody = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, message, status, details },
});
const driveBody = (code: number, reason: string, message: string) => ({
  error: { code, message, errors: [{ domain: "global", reason, message }] },
});

describe("Google's error bodies", () => {
  const cases: [string, number, unknown, string][] = [
    [
      "Sheets 401",
      401,
      sheetsBody(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", [
        errorInfo("ACCESS_TOKEN_EXPIRED"),
      ]),
      "reauth",
    ],
    [
      "Sheets scope",
      403,
      sheetsBody(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", [
        errorInfo("ACCESS_TOKEN_SCOPE_INSUFFICIENT"),
      ]),
      "scope_missing",
    ],
    [
      "Drive scope",
      403,
      driveBody(
        403,
        "insufficientPermissions",
        "Insufficient Permission: Request had insufficient authentication scopes.",
      ),
      "scope_missing",
    ],
    [
      "Drive drive.file",
      403,
      driveBody(
        403,
        "appNotAuthorizedToFile",
        "The user has not granted the app 123 write access to the file abc.",
      ),
      "scope_missing",
    ],
    [
      "Sheets no permission",
      403,
      sheetsBody(403, "PERMISSION_DENIED", "The caller does not have permission"),
      "forbidden",
    ],
    [
      "Drive no permission",
      403,
      driveBody(
        403,
        "insufficientFilePermissions",
        "The user does not have sufficient permissions for this file.",
      ),
      "forbidden",
    ],
    [
      "Drive user rate",
      403,
      driveBody(403, "userRateLimitExceeded", "User Rate Limit Exceeded."),
      "rate_limited",
    ],
    [
      "Drive sharing rate",
      403,
      driveBody(
        403,
        "sharingRateLimitExceeded",
        'Rate limit exceeded. User message: "These item(s) could not be shared"',
      ),
      "rate_limited",
    ],
    ["Sheets 404", 404, sheetsBody(404, "NOT_FOUND", "Requested entity was not found."), "not_found"],
    ["Drive 404", 404, driveBody(404, "notFound", "File not found: abc."), "not_found"],
    [
      "Sheets 429",
      429,
      sheetsBody(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Write requests'.", [
        errorInfo("RATE_LIMIT_EXCEEDED"),
      ]),
      "rate_limited",
    ],
    ["Sheets 400", 400, sheetsBody(400, "INVALID_ARGUMENT", "Unable to parse range: Feuille!A1"), "invalid"],
    [
      "Sheets 503",
      503,
      sheetsBody(503, "UNAVAILABLE", "The service is currently unavailable."),
      "unavailable",
    ],
    ["Drive 500", 500, driveBody(500, "backendError", "Backend Error"), "unavailable"],
    ["HTML 502", 502, null, "unavailable"],
  ];

  it.each(cases)("%s → %s", (_name, status, body, kind) => {
    const error = googleErrorFrom(status, body, null);
    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(kind === "rate_limited" || kind === "unavailable");
  });

  it("keeps Google's reason and message", () => {
    const error = googleErrorFrom(403, driveBody(403, "appNotAuthorizedToFile", "Not granted."), null);
    expect(error.reason).toBe("appNotAuthorizedToFile");
    expect(error.message).toBe("Google answered 403: Not granted.");
  });

  it("reads Retry-After in seconds, as an HTTP date, or from RetryInfo", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterSeconds("7", null)).toBe(7);
    expect(retryAfterSeconds("Thu, 01 Jan 2026 00:00:30 GMT", null, now)).toBe(30);
    const retryInfo = { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "1.5s" };
    expect(retryAfterSeconds(null, sheetsBody(429, "RESOURCE_EXHAUSTED", "slow down", [retryInfo]))).toBe(2);
    expect(retryAfterSeconds(null, sheetsBody(429, "RESOURCE_EXHAUSTED", "slow down"))).toBeNull();
  });
});

describe("errors from the calls", () => {
  let google: FakeGoogleWorkspace;
  beforeEach(() => {
    google = installGoogleApis();
  });

  const sheetsFaults: [FakeFault, string][] = [
    ["401", "reauth"],
    ["403-scope", "scope_missing"],
    ["403", "forbidden"],
    ["404", "not_found"],
    ["503", "unavailable"],
  ];

  const create = () => createMarkedSpreadsheet(driveApi(), { name: "T", marker: crypto.randomUUID() });

  it.each(sheetsFaults)("Sheets %s → %s", async (fault, kind) => {
    const spreadsheetId = await create();
    google.failNext(fault);
    const failure = getSheet(sheetsApi(), { spreadsheetId });
    await expect(failure).rejects.toMatchObject({ kind, status: Number(fault.slice(0, 3)) });
  });

  it.each(sheetsFaults)("Drive %s → %s", async (fault, kind) => {
    const fileId = await create();
    google.failNext(fault);
    await expect(
      shareFile(driveApi(), { fileId, email: "amie@example.test", role: "reader" }),
    ).rejects.toMatchObject({ kind });
  });

  it("a 429 carries Retry-After, and the same call then succeeds", async () => {
    google.failNext("429", { retryAfter: 7 });
    const failure = await create().catch((error: unknown) => error);
    expect(failure).toMatchObject({
      kind: "rate_limited",
      retryAfterSeconds: 7,
      reason: "rateLimitExceeded",
      retryable: true,
    });
    expect(google.inspect(await create())).not.toBeNull();
  });

  it("a revoked token asks for a new grant, and no message repeats the token", async () => {
    const spreadsheetId = await create();
    google.revokedTokens.add(ACCESS_TOKEN);
    const failure = await getSheet(sheetsApi(), { spreadsheetId }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: "reauth", status: 401 });
    expect(`${String(failure)} ${(failure as Error).stack}`).not.toContain(ACCESS_TOKEN);
  });

  it("a network failure or a timeout is unavailable, without the token or the URL in the message", async () => {
    const token = "ya29.secret-in-flight";
    const refused: typeof fetch = async () => {
      throw new TypeError(`fetch failed for https://sheets.test/?access_token=${token}`);
    };
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    const base = { baseUrl: "https://sheets.test", accessToken: token };
    const network = await getSheet({ ...base, fetch: refused }, { spreadsheetId: "x" }).catch(
      (error: unknown) => error,
    );
    expect(network).toMatchObject({ kind: "unavailable", status: null, reason: "NETWORK" });
    const slow = await getSheet({ ...base, fetch: hanging, timeoutMs: 20 }, { spreadsheetId: "x" }).catch(
      (e: unknown) => e,
    );
    expect(slow).toMatchObject({ kind: "unavailable", reason: "TIMEOUT" });
    for (const error of [network, slow])
      expect(`${String(error)} ${(error as Error).stack}`).not.toContain(token);
  });

  it("an answer that is not what Google sends is unavailable, not a crash", async () => {
    const garbage: typeof fetch = async () => new Response("<html>proxy</html>", { status: 200 });
    const failure = getSheet(
      { baseUrl: "https://sheets.test", accessToken: "t", fetch: garbage },
      { spreadsheetId: "x" },
    );
    await expect(failure).rejects.toMatchObject({ kind: "unavailable", status: 200 });
  });
});
