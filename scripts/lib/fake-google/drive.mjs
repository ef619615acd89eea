/** The Drive v3 methods the exports call: creating a spreadsheet, finding it by its marker, sharing it. */
import { driveError } from "./errors.mjs";
import { newSheet } from "./sheets.mjs";

const ok = (body) => ({ status: 200, headers: {}, body });
const ROLES = new Set(["owner", "organizer", "fileOrganizer", "writer", "commenter", "reader"]);
const TYPES = new Set(["user", "group", "domain", "anyone"]);

const notFound = (id) => driveError(404, "notFound", `File not found: ${id}.`);
const SPREADSHEET = "application/vnd.google-apps.spreadsheet";

/** POST /drive/v3/files — an empty Google spreadsheet (one "Sheet1"), in the given folder, with its appProperties. */
export function createFile(store, body) {
  if (body.mimeType !== SPREADSHEET)
    return driveError(400, "badRequest", "The fake creates Google spreadsheets only.");
  const parents = body.parents ?? [store.rootFolderId];
  const missing = parents.find((id) => id !== store.rootFolderId && !store.folders.has(id));
  if (missing) return notFound(missing);
  if (parents.length > 1)
    return driveError(403, "cannotAddParent", "Increasing the number of parents is not allowed.");
  const id = `fake-${crypto.randomUUID().replaceAll("-", "")}`;
  store.spreadsheets.set(id, {
    id,
    title: body.name ?? "Untitled spreadsheet",
    sheets: [newSheet({ sheetId: 0, title: "Sheet1", index: 0 })],
    parents,
    permissions: [],
    createdByApp: true,
    appProperties: { ...body.appProperties },
  });
  return ok({ kind: "drive#file", id, name: body.name, mimeType: SPREADSHEET, parents });
}

const APP_PROPERTY = /^appProperties has \{ key='([^']+)' and value='([^']*)' \}( and trashed = false)?$/;

/** GET /drive/v3/files?q=appProperties has { key='k' and value='v' } and trashed = false — the one query exports send. */
export function listFiles(store, query) {
  const match = APP_PROPERTY.exec(query.get("q") ?? "");
  if (!match) return driveError(400, "invalidQuery", "The fake answers appProperties queries only.");
  const [, key, value] = match;
  const files = [...store.spreadsheets.values()]
    .filter((file) => file.appProperties?.[key] === value)
    .map((file) => ({ kind: "drive#file", id: file.id, name: file.title, mimeType: SPREADSHEET }));
  return ok({ kind: "drive#fileList", incompleteSearch: false, files });
}

/** POST /drive/v3/files/{id}/permissions — records whether Google would have sent the notification e-mail. */
export function createPermission(file, query, body) {
  if (!TYPES.has(body.type) || !ROLES.has(body.role))
    return driveError(400, "badRequest", "Bad Request: invalid type or role.");
  if ((body.type === "user" || body.type === "group") && !body.emailAddress) {
    return driveError(
      400,
      "invalidSharingRequest",
      'Bad Request. User message: "An email address is required."',
    );
  }
  // Google sends the e-mail unless told not to.
  const sendNotificationEmail = query.get("sendNotificationEmail") !== "false";
  const existing = file.permissions.find(
    (permission) => permission.emailAddress === body.emailAddress && permission.type === body.type,
  );
  const permission = existing ?? {
    id: `perm-${file.permissions.length + 1}`,
    type: body.type,
    emailAddress: body.emailAddress,
  };
  Object.assign(permission, { role: body.role, sendNotificationEmail });
  if (!existing) file.permissions.push(permission);
  return ok({ kind: "drive#permission", id: permission.id, type: permission.type, role: permission.role });
}

export { notFound as driveNotFound };
