import { z } from "zod";
import { type GoogleApi, googleRequest } from "./request";

// Drive v3 REST (https://developers.google.com/workspace/drive/api/reference/rest/v3). With the `drive.file` scope
// these calls reach only files the app created, and a target folder the app created or the user picked for it;
// `files.list` then lists only those files.

const filePath = (fileId: string) => `drive/v3/files/${encodeURIComponent(fileId)}`;

const SPREADSHEET_MIME_TYPE = "application/vnd.google-apps.spreadsheet";
/** The `appProperties` key that ties a spreadsheet to the export that created it. */
const MARKER_KEY = "frenchNovelToolExport";

const FileSchema = z.object({ id: z.string().min(1) });

/**
 * Creates an empty Google spreadsheet (`files.create` with the spreadsheet MIME type) named `name`, straight in
 * `folderId` when one is given, carrying `marker` (the export's id) in its private `appProperties`. The marker
 * is written in the same call that creates the file, so a delivery that dies right after this call leaves a
 * spreadsheet `findMarkedSpreadsheet` finds, never an untraceable second one. Returns the file's id.
 */
export async function createMarkedSpreadsheet(
  api: GoogleApi,
  input: { name: string; folderId?: string | undefined; marker: string },
): Promise<string> {
  const file = await googleRequest(
    api,
    {
      method: "POST",
      path: "drive/v3/files",
      query: { fields: "id", supportsAllDrives: "true" },
      body: {
        name: input.name,
        mimeType: SPREADSHEET_MIME_TYPE,
        ...(input.folderId ? { parents: [input.folderId] } : {}),
        appProperties: { [MARKER_KEY]: input.marker },
      },
    },
    FileSchema,
  );
  return file.id;
}

const FileListSchema = z.object({ files: z.array(FileSchema).default([]) });

/** The spreadsheet created for `marker` by an earlier attempt (`files.list` on `appProperties`), or null. */
export async function findMarkedSpreadsheet(api: GoogleApi, marker: string): Promise<string | null> {
  // The marker is an id this app generated (a UUID): nothing in it needs escaping inside the query's quotes.
  const q = `appProperties has { key='${MARKER_KEY}' and value='${marker}' } and trashed = false`;
  const { files } = await googleRequest(
    api,
    {
      method: "GET",
      path: "drive/v3/files",
      query: {
        q,
        spaces: "drive",
        fields: "files(id)",
        pageSize: "1",
        supportsAllDrives: "true",
        includeItemsFromAllDrives: "true",
      },
    },
    FileListSchema,
  );
  return files[0]?.id ?? null;
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
