/** The Drive v3 methods the exports call: a file's parents, moving it, sharing it. */
import { driveError } from "./errors.mjs";

const ok = (body) => ({ status: 200, headers: {}, body });
const ROLES = new Set(["owner", "organizer", "fileOrganizer", "writer", "commenter", "reader"]);
const TYPES = new Set(["user", "group", "domain", "anyone"]);

const notFound = (id) => driveError(404, "notFound", `File not found: ${id}.`);

/** GET /drive/v3/files/{id} */
export function getFile(file) {
  return ok({
    kind: "drive#file",
    id: file.id,
    name: file.title,
    mimeType: "application/vnd.google-apps.spreadsheet",
    parents: file.parents,
  });
}

/** PATCH /drive/v3/files/{id}?addParents=&removeParents= — a My Drive file keeps a single parent. */
export function updateFile(store, file, query) {
  const add = (query.get("addParents") ?? "").split(",").filter(Boolean);
  const remove = new Set((query.get("removeParents") ?? "").split(",").filter(Boolean));
  const missing = add.find((id) => !store.folders.has(id));
  if (missing) return notFound(missing);
  const parents = [
    ...file.parents.filter((id) => !remove.has(id)),
    ...add.filter((id) => !file.parents.includes(id)),
  ];
  if (parents.length > 1)
    return driveError(403, "cannotAddParent", "Increasing the number of parents is not allowed.");
  file.parents = parents;
  return ok({ kind: "drive#file", id: file.id, parents });
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
