/**
 * An in-memory Google Sheets v4 + Drive v3 (+ token and revocation endpoints) answering requests in Google's
 * real shapes. The local server (scripts/fake-google.mjs) and the tests' MSW handlers both send requests here.
 */
import { batchUpdate } from "./batch-update.mjs";
import { createFile, createPermission, driveNotFound, listFiles } from "./drive.mjs";
import { FAULTS, sheetsError } from "./errors.mjs";
import { boldRows, getValues, newSheet, spreadsheetResource, updateValues } from "./sheets.mjs";

const json = (status, body) => ({ status, headers: {}, body });
const SCOPES = "https://www.googleapis.com/auth/drive.file https://www.googleapis.com/auth/spreadsheets";

function parseBody(text) {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export class FakeGoogleWorkspace {
  spreadsheets = new Map();
  folders = new Map();
  rootFolderId = "0AFakeMyDriveRoot";
  /** Every Sheets or Drive call: method, path, query and parsed body, for tests and demos to inspect. */
  requests = [];
  revokedTokens = new Set();
  #faults = [];

  /** The next `times` Sheets/Drive calls fail with `fault` (401, 403, 403-scope, 404, 429, 503, timeout). */
  failNext(fault, { times = 1, retryAfter = 1 } = {}) {
    if (!FAULTS[fault]) throw new Error(`unknown fault ${fault}`);
    for (let i = 0; i < times; i++) this.#faults.push({ fault, retryAfter });
  }

  /** A Drive folder the user owns; returns its id. */
  addFolder(name = "Exports") {
    const id = `folder-${crypto.randomUUID().slice(0, 8)}`;
    this.folders.set(id, { id, name });
    return id;
  }

  /** A spreadsheet the user made elsewhere, with `rows` (arrays of values) in its first sheet. */
  addSpreadsheet({ title = "My sheet", sheetTitle = "Sheet1", rows = [], rowCount = 1000 } = {}) {
    const id = `user-${crypto.randomUUID().replaceAll("-", "")}`;
    const sheet = newSheet({
      sheetId: 0,
      title: sheetTitle,
      index: 0,
      rowCount: Math.max(rowCount, rows.length),
    });
    sheet.rows = rows.map((row) => [...row]);
    this.spreadsheets.set(id, {
      id,
      title,
      sheets: [sheet],
      parents: [this.rootFolderId],
      permissions: [],
      createdByApp: false,
    });
    return id;
  }

  /** The state of a spreadsheet: cells as stored (`{ formula }` for a formula), bold rows, parents, sharing. */
  inspect(id) {
    const spreadsheet = this.spreadsheets.get(id);
    if (!spreadsheet) return null;
    const sheets = spreadsheet.sheets.map((sheet) => ({
      title: sheet.title,
      sheetId: sheet.sheetId,
      rowCount: sheet.rowCount,
      columnCount: sheet.columnCount,
      frozenRowCount: sheet.frozenRowCount,
      values: Array.from(sheet.rows, (row) => Array.from(row ?? [], (cell) => cell ?? "")),
      boldRows: boldRows(sheet),
    }));
    const { title, parents, permissions, createdByApp, appProperties = {} } = spreadsheet;
    return { spreadsheetId: id, title, parents, permissions, createdByApp, appProperties, sheets };
  }

  /** Answers one request `{ method, url, headers, body }` with `{ status, headers, body }` (or `{ hang: true }`). */
  handle(request, options = {}) {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    if (path === "/token" && request.method === "POST")
      return this.#token(new URLSearchParams(request.body ?? ""));
    if (path === "/revoke" && request.method === "POST") {
      return this.#revoke(
        url.searchParams.get("token") ?? new URLSearchParams(request.body ?? "").get("token"),
      );
    }
    if (path.startsWith("/__fake/")) return this.#fakeRoute(request.method, path, parseBody(request.body));
    const api = path.startsWith("/drive/v3/") ? "drive" : path.startsWith("/v4/") ? "sheets" : null;
    if (!api)
      return json(404, { error: { code: 404, message: `No such method: ${path}`, status: "NOT_FOUND" } });
    const body = parseBody(request.body);
    this.requests.push({ method: request.method, path, query: Object.fromEntries(url.searchParams), body });
    const denied = this.#authorize(request.headers?.authorization ?? request.headers?.Authorization, api);
    if (denied) return denied;
    const fault =
      this.#faults.shift() ??
      (options.fault ? { fault: options.fault, retryAfter: options.retryAfter ?? 1 } : null);
    if (fault) return FAULTS[fault.fault][api](fault.retryAfter);
    if (body === null) return sheetsError(400, "Invalid JSON payload received.");
    return api === "sheets"
      ? this.#sheets(request.method, path, url.searchParams, body)
      : this.#drive(request.method, path, url.searchParams, body);
  }

  #authorize(header, api) {
    const token = /^Bearer (.+)$/.exec(header ?? "")?.[1];
    if (token && !this.revokedTokens.has(token)) return null;
    return FAULTS[401][api]();
  }

  #sheets(method, path, query, body) {
    const route = /^\/v4\/spreadsheets\/([^/:]+)(?::batchUpdate|\/values\/(.+))?$/.exec(path);
    const spreadsheet = route && this.spreadsheets.get(route[1]);
    if (!spreadsheet) return FAULTS[404].sheets();
    if (method === "GET" && !route[2] && !path.endsWith(":batchUpdate"))
      return json(200, spreadsheetResource(spreadsheet));
    if (method === "POST" && path.endsWith(":batchUpdate")) return batchUpdate(spreadsheet, body);
    if (method === "GET" && route[2]) return getValues(spreadsheet, route[2], query);
    if (method === "PUT" && route[2]) return updateValues(spreadsheet, route[2], query, body);
    return sheetsError(400, `The fake does not serve ${method} ${path}`);
  }

  #drive(method, path, query, body) {
    if (path === "/drive/v3/files" && method === "POST") return createFile(this, body);
    if (path === "/drive/v3/files" && method === "GET") return listFiles(this, query);
    const route = /^\/drive\/v3\/files\/([^/]+)(\/permissions)?$/.exec(path);
    const file = route && this.spreadsheets.get(route[1]);
    if (!file) return driveNotFound(route?.[1] ?? path);
    if (method === "POST" && route[2]) return createPermission(file, query, body);
    return json(400, { error: { code: 400, message: `The fake does not serve ${method} ${path}` } });
  }

  #token(form) {
    if (form.get("grant_type") !== "refresh_token") return json(400, { error: "unsupported_grant_type" });
    const refreshToken = form.get("refresh_token");
    if (!refreshToken || this.revokedTokens.has(refreshToken)) {
      return json(400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
    }
    return json(200, {
      access_token: `ya29.fake-${crypto.randomUUID()}`,
      expires_in: 3599,
      scope: SCOPES,
      token_type: "Bearer",
    });
  }

  #revoke(token) {
    if (!token) return json(400, { error: "invalid_token", error_description: "Bad Request" });
    this.revokedTokens.add(token);
    return json(200, {});
  }

  #fakeRoute(method, path, body) {
    if (method === "GET" && path === "/__fake/spreadsheets")
      return json(
        200,
        [...this.spreadsheets.keys()].map((id) => this.inspect(id)),
      );
    const id = /^\/__fake\/spreadsheets\/([^/]+)$/.exec(path)?.[1];
    if (method === "GET" && id)
      return this.spreadsheets.has(id)
        ? json(200, this.inspect(id))
        : json(404, { error: "no such spreadsheet" });
    if (method === "POST" && path === "/__fake/spreadsheets")
      return json(201, { spreadsheetId: this.addSpreadsheet(body ?? {}) });
    if (method === "POST" && path === "/__fake/folders")
      return json(201, { folderId: this.addFolder(body?.name) });
    return json(404, { error: "no such fake route" });
  }
}
