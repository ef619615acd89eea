import { z } from "zod";
import { type GoogleApi, googleRequest } from "./request";

// Drive v3 REST (https://developers.google.com/workspace/drive/api/reference/rest/v3). With the `drive.file` scope
// these calls reach only files the app created, and a target folder the app created or the user picked for it.

const filePath = (fileId: string) => `drive/v3/files/${encodeURIComponent(fileId)}`;

const ParentsSchema = z.object({ parents: z.array(z.string()).default([]) });

/**
 * Puts a file in `folderId` and takes it out of its other parents (`files.update` with `addParents` and
 * `removeParents`, which needs the current parents read first). A file already there is left alone, so a
 * repeated call is harmless. Returns the file's parents afterwards.
 */
export async function moveToFolder(
  api: GoogleApi,
  input: { fileId: string; folderId: string },
): Promise<string[]> {
  const { parents: current } = await googleRequest(
    api,
    { method: "GET", path: filePath(input.fileId), query: { fields: "parents", supportsAllDrives: "true" } },
    ParentsSchema,
  );
  const others = current.filter((parent) => parent !== input.folderId);
  if (others.length === 0 && current.includes(input.folderId)) return current;
  const updated = await googleRequest(
    api,
    {
      method: "PATCH",
      path: filePath(input.fileId),
      query: {
        addParents: current.includes(input.folderId) ? undefined : input.folderId,
        removeParents: others.length > 0 ? others.join(",") : undefined,
        supportsAllDrives: "true",
        fields: "id,parents",
      },
      body: {},
    },
    ParentsSchema,
  );
  return updated.parents;
}

const PermissionSchema = z.object({ id: z.string() });

/**
 * Shares a file with one person (`permissions.create`, type `user`). Google e-mails them by default; here no
 * e-mail is sent unless `notify` is set. Sharing again with the same person and role changes nothing.
 */
export async function shareFile(
  api: GoogleApi,
  input: { fileId: string; email: string; role: "reader" | "writer"; notify?: boolean },
): Promise<string> {
  const permission = await googleRequest(
    api,
    {
      method: "POST",
      path: `${filePath(input.fileId)}/permissions`,
      query: {
        sendNotificationEmail: input.notify ? "true" : "false",
        supportsAllDrives: "true",
        fields: "id",
      },
      body: { type: "user", role: input.role, emailAddress: input.email },
    },
    PermissionSchema,
  );
  return permission.id;
}
