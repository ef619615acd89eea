import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type SheetExport, sheetExports } from "../db/schema";
import { ApiError } from "../lib/errors";
import type { ExportErrorCode } from "../lib/job-error";

/** The statuses an export leaves no more. */
export const ENDED_STATUSES = ["completed", "failed"] as const;
const OPEN_STATUSES = ["pending", "running"] as const;

/** An export of this user, or 404 — also for another user's export, so ids reveal nothing. */
export async function findOwnedExport(db: Database, userId: string, exportId: string): Promise<SheetExport> {
  const row = await db.query.sheetExports.findFirst({
    where: and(eq(sheetExports.id, exportId), eq(sheetExports.userId, userId)),
  });
  if (!row) throw new ApiError("NOT_FOUND", { detail: `No export ${exportId}.` });
  return row;
}

/** An export by id, whoever owns it (for the queue consumer), or null. */
export function loadExport(db: Database, exportId: string): Promise<SheetExport | undefined> {
  return db.query.sheetExports.findFirst({ where: eq(sheetExports.id, exportId) });
}

/** Whether an export of this user created the spreadsheet (so `drive.file` reaches it). */
export async function createdByAnExport(db: Database, userId: string, spreadsheetId: string) {
  const row = await db.query.sheetExports.findFirst({
    columns: { id: true },
    where: and(
      eq(sheetExports.userId, userId),
      eq(sheetExports.spreadsheetId, spreadsheetId),
      eq(sheetExports.mode, "new"),
    ),
  });
  return row !== undefined;
}

/**
 * Starts a delivery's work: the export becomes `running` and counts an attempt — unless it has ended, or another
 * export of ours is running on the same spreadsheet (appends place their rows from the last row they read, so two
 * writers at once would overwrite each other). One statement, so two deliveries cannot both pass the check.
 * Returns the export as claimed, or null.
 */
export async function claimExport(db: Database, exportId: string, now: Date): Promise<SheetExport | null> {
  const [claimed] = await db
    .update(sheetExports)
    .set({
      status: "running",
      attempts: sql`${sheetExports.attempts} + 1`,
      startedAt: sql`coalesce(${sheetExports.startedAt}, ${now.getTime()})`,
      updatedAt: now,
    })
    .where(
      and(
        eq(sheetExports.id, exportId),
        inArray(sheetExports.status, OPEN_STATUSES),
        sql`not exists (select 1 from exports as other where other.spreadsheet_id = ${sheetExports.spreadsheetId}
          and other.status = 'running' and other.id <> ${sheetExports.id})`,
      ),
    )
    .returning();
  return claimed ?? null;
}

/** What a delivery records as it goes; `rowsWritten` and `sharesDone` only ever grow. */
export type ExportProgress = Partial<
  Pick<SheetExport, "spreadsheetId" | "spreadsheetUrl" | "sheetTitle" | "startRow" | "withHeader">
> & { rowsWritten?: number; sharesDone?: number };

/** Records progress (and that the export is alive) while it is still open. */
export async function recordProgress(db: Database, exportId: string, progress: ExportProgress) {
  const { rowsWritten, sharesDone, ...target } = progress;
  await db
    .update(sheetExports)
    .set({
      ...target,
      ...(rowsWritten === undefined
        ? {}
        : { rowsWritten: sql`max(${sheetExports.rowsWritten}, ${rowsWritten})` }),
      ...(sharesDone === undefined
        ? {}
        : { sharesDone: sql`max(${sheetExports.sharesDone}, ${sharesDone})` }),
      updatedAt: new Date(),
    })
    .where(and(eq(sheetExports.id, exportId), inArray(sheetExports.status, OPEN_STATUSES)));
}

/** How an export ended. */
export type ExportEnding =
  | { status: "completed" }
  | { status: "failed"; errorCode: ExportErrorCode; errorMessage: string };

/** Ends an open export once; returns the ended row, or null when it had already ended. */
export async function endExport(db: Database, exportId: string, ending: ExportEnding, now: Date) {
  const [ended] = await db
    .update(sheetExports)
    .set({
      ...ending,
      ...(ending.status === "completed" ? { errorCode: null, errorMessage: null } : {}),
      updatedAt: now,
      completedAt: now,
    })
    .where(and(eq(sheetExports.id, exportId), inArray(sheetExports.status, OPEN_STATUSES)))
    .returning();
  return ended ?? null;
}

/** Records that `export.finished` went out. */
export async function markAnnounced(db: Database, exportId: string, now: Date) {
  await db.update(sheetExports).set({ announcedAt: now }).where(eq(sheetExports.id, exportId));
}

/** Open exports without progress since `before`, and ended ones whose announcement did not go out. */
export async function findNeglectedExports(db: Database, before: Date, limit: number) {
  return db
    .select()
    .from(sheetExports)
    .where(
      and(
        lt(sheetExports.updatedAt, before),
        or(inArray(sheetExports.status, OPEN_STATUSES), isNull(sheetExports.announcedAt)),
      ),
    )
    .limit(limit);
}

/** Counts a redrive, unless another sweep or a delivery touched the export since it was read. */
export async function countRedrive(db: Database, row: SheetExport, now: Date): Promise<boolean> {
  const [updated] = await db
    .update(sheetExports)
    .set({ redrives: row.redrives + 1, updatedAt: now })
    .where(and(eq(sheetExports.id, row.id), eq(sheetExports.updatedAt, row.updatedAt)))
    .returning({ id: sheetExports.id });
  return updated !== undefined;
}
