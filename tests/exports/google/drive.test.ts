import { beforeEach, describe, expect, it } from "vitest";
import type { FakeGoogleWorkspace } from "../../../scripts/lib/fake-google/workspace.mjs";
import { createMarkedSpreadsheet, findMarkedSpreadsheet, shareFile } from "../../../src/exports/google/drive";
import { driveApi, installGoogleApis } from "../../helpers/google-apis";

let google: FakeGoogleWorkspace;

beforeEach(() => {
  google = installGoogleApis();
});

const driveCalls = () => google.requests.filter((request) => request.path.startsWith("/drive/v3/"));

describe("creating the spreadsheet of an export", () => {
  it("creates a Google spreadsheet straight in the folder, marked with the export in the same call", async () => {
    const folderId = google.addFolder("Français");
    const marker = crypto.randomUUID();
    const fileId = await createMarkedSpreadsheet(driveApi(), { name: "Le Horla", folderId, marker });
    expect(google.inspect(fileId)).toMatchObject({
      title: "Le Horla",
      parents: [folderId],
      createdByApp: true,
      appProperties: { frenchNovelToolExport: marker },
    });
    expect(driveCalls()).toHaveLength(1);
    expect(driveCalls()[0]?.body).toMatchObject({ mimeType: "application/vnd.google-apps.spreadsheet" });
  });

  it("finds the spreadsheet an interrupted attempt created, and nothing for another export", async () => {
    const marker = crypto.randomUUID();
    expect(await findMarkedSpreadsheet(driveApi(), marker)).toBeNull();
    const fileId = await createMarkedSpreadsheet(driveApi(), { name: "Export", marker });
    expect(google.inspect(fileId)?.parents).toEqual([google.rootFolderId]);
    expect(await findMarkedSpreadsheet(driveApi(), marker)).toBe(fileId);
    expect(await findMarkedSpreadsheet(driveApi(), crypto.randomUUID())).toBeNull();
    const list = driveCalls().find((request) => request.method === "GET");
    expect(list?.query.q).toBe(
      `appProperties has { key='frenchNovelToolExport' and value='${marker}' } and trashed = false`,
    );
  });

  it("reports a folder that does not exist (or that drive.file cannot see) as not found", async () => {
    const create = createMarkedSpreadsheet(driveApi(), {
      name: "Export",
      folderId: "folder-unknown",
      marker: crypto.randomUUID(),
    });
    await expect(create).rejects.toMatchObject({ kind: "not_found", status: 404, reason: "notFound" });
  });
});

describe("sharing the spreadsheet", () => {
  const newFile = () => createMarkedSpreadsheet(driveApi(), { name: "Export", marker: crypto.randomUUID() });

  it("adds a user permission without a notification e-mail", async () => {
    const fileId = await newFile();
    const permissionId = await shareFile(driveApi(), { fileId, email: "amie@example.test", role: "writer" });
    const [permission] = google.inspect(fileId)?.permissions ?? [];
    expect(permission).toMatchObject({
      id: permissionId,
      type: "user",
      role: "writer",
      emailAddress: "amie@example.test",
      sendNotificationEmail: false,
    });
    const create = driveCalls().find((request) => request.path.endsWith("/permissions"));
    expect(create?.query).toMatchObject({ sendNotificationEmail: "false", supportsAllDrives: "true" });
  });

  it("sends Google's e-mail only when asked", async () => {
    const fileId = await newFile();
    await shareFile(driveApi(), { fileId, email: "prof@example.test", role: "reader", notify: true });
    expect(google.inspect(fileId)?.permissions[0]).toMatchObject({
      role: "reader",
      sendNotificationEmail: true,
    });
  });
});
