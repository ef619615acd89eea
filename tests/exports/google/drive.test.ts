import { beforeEach, describe, expect, it } from "vitest";
import type { FakeGoogleWorkspace } from "../../../scripts/lib/fake-google/workspace.mjs";
import { moveToFolder, shareFile } from "../../../src/exports/google/drive";
import { createSpreadsheet } from "../../../src/exports/google/sheets";
import { driveApi, installGoogleApis, sheetsApi } from "../../helpers/google-apis";

let google: FakeGoogleWorkspace;
let fileId: string;

beforeEach(async () => {
  google = installGoogleApis();
  ({ spreadsheetId: fileId } = await createSpreadsheet(sheetsApi(), {
    title: "Export",
    header: ["Sentence"],
    rows: 1,
  }));
});

const driveCalls = () => google.requests.filter((request) => request.path.startsWith("/drive/v3/"));

describe("moving the new spreadsheet into a folder", () => {
  it("adds the folder and removes My Drive in one update, across shared drives too", async () => {
    const folderId = google.addFolder("Français");
    expect(await moveToFolder(driveApi(), { fileId, folderId })).toEqual([folderId]);
    expect(google.inspect(fileId)?.parents).toEqual([folderId]);
    const update = driveCalls().find((request) => request.method === "PATCH");
    expect(update?.query).toMatchObject({
      addParents: folderId,
      removeParents: google.rootFolderId,
      supportsAllDrives: "true",
    });
  });

  it("does nothing when the file is already there, so a repeated export step is harmless", async () => {
    const folderId = google.addFolder();
    await moveToFolder(driveApi(), { fileId, folderId });
    await moveToFolder(driveApi(), { fileId, folderId });
    expect(driveCalls().filter((request) => request.method === "PATCH")).toHaveLength(1);
    expect(google.inspect(fileId)?.parents).toEqual([folderId]);
  });

  it("reports a folder that does not exist (or that drive.file cannot see) as not found", async () => {
    await expect(moveToFolder(driveApi(), { fileId, folderId: "folder-unknown" })).rejects.toMatchObject({
      kind: "not_found",
      status: 404,
      reason: "notFound",
    });
    expect(google.inspect(fileId)?.parents).toEqual([google.rootFolderId]);
  });
});

describe("sharing the spreadsheet", () => {
  it("adds a user permission without a notification e-mail", async () => {
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
    await shareFile(driveApi(), { fileId, email: "prof@example.test", role: "reader", notify: true });
    expect(google.inspect(fileId)?.permissions[0]).toMatchObject({
      role: "reader",
      sendNotificationEmail: true,
    });
  });
});
