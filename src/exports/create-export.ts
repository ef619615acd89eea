import { grantedGoogleScopes } from "../auth/google/credentials";
import { GOOGLE_DRIVE_FILE_SCOPE, GOOGLE_SHEETS_SCOPE } from "../auth/google/scopes";
import type { Database } from "../db/client";
import { type ExportMode, type SheetExport, sheetExports } from "../db/schema";
import { findOwnedJob, withLiveResult } from "../jobs/job-view";
import type { ExportColumn } from "../jobs/results/columns";
import { DEFAULT_COLUMNS } from "../jobs/results/columns";
import { sendCoveredByCron } from "../lib/cron-covered-send";
import { ApiError } from "../lib/errors";
import { createdByAnExport } from "./export-store";
import { enqueueExport } from "./queue/producer";

/** What `POST /jobs/{id}/exports` asks for (checked by the route's schema). */
export interface ExportRequest {
  destination: "google_sheets";
  mode: ExportMode;
  title?: string | undefined;
  spreadsheet_id?: string | undefined;
  sheet_name?: string | undefined;
  folder_id?: string | undefined;
  share_with?: { email: string; role: "reader" | "writer"; notify?: boolean | undefined }[] | undefined;
  columns?: ExportColumn[] | undefined;
}

const AUTHORIZE_PATH = "/api/v1/auth/google/authorize";

function scopeMissing(detail: string, authorizeUrl: string): ApiError {
  return new ApiError("GOOGLE_SCOPE_MISSING", { detail, extensions: { authorize_url: authorizeUrl } });
}

/**
 * Refuses at the request an export the user's Google grant cannot do, with the sign-in that grants it: a new
 * spreadsheet needs `drive.file`; appending needs `spreadsheets` unless an export of the user created the
 * spreadsheet. Without any grant the export is accepted and fails GOOGLE_REAUTH_REQUIRED when it runs.
 */
async function requireGoogleScopes(db: Database, userId: string, request: ExportRequest): Promise<void> {
  const scopes = await grantedGoogleScopes(db, userId);
  if (!scopes) return;
  const canCreate = scopes.has(GOOGLE_DRIVE_FILE_SCOPE);
  if (request.mode === "new") {
    if (!canCreate) {
      throw scopeMissing(
        "Creating a spreadsheet needs Google's drive.file access; sign in again.",
        AUTHORIZE_PATH,
      );
    }
    return;
  }
  if (scopes.has(GOOGLE_SHEETS_SCOPE)) return;
  const spreadsheetId = spreadsheetIdOf(request.spreadsheet_id ?? "");
  if (canCreate && (await createdByAnExport(db, userId, spreadsheetId))) return;
  throw scopeMissing(
    "Appending to a spreadsheet this app did not create needs access to your spreadsheets; grant it and try again.",
    `${AUTHORIZE_PATH}?scope=spreadsheets`,
  );
}

/** A spreadsheet's id, from the id itself or from its URL (`https://docs.google.com/spreadsheets/d/<id>/edit`). */
function spreadsheetIdOf(value: string): string {
  return /\/spreadsheets\/d\/([\w-]+)/.exec(value)?.[1] ?? value;
}

/** A new spreadsheet's title when the request names none: the PDF's name and the day of the export. */
function defaultTitle(filename: string, now: Date): string {
  return `${filename.replace(/\.pdf$/i, "") || "Sentences"} — ${now.toISOString().slice(0, 10)}`;
}

/**
 * Creates an export of a completed job of the user (404 for another user's job, 409 JOB_NOT_COMPLETED before it
 * completed, 403 GOOGLE_SCOPE_MISSING when the grant falls short) and queues it.
 */
export async function createExport(
  env: Pick<Env, "EXPORT_QUEUE" | "JOB_TRACKER">,
  db: Database,
  input: { userId: string; jobId: string; request: ExportRequest },
): Promise<SheetExport> {
  const job = await withLiveResult(env, await findOwnedJob(db, input.userId, input.jobId));
  if (job.status !== "completed") {
    throw new ApiError("JOB_NOT_COMPLETED", {
      detail: `The job is ${job.status}; it can be exported once it is completed.`,
    });
  }
  const { request } = input;
  await requireGoogleScopes(db, input.userId, request);
  const now = new Date();
  const [row] = await db
    .insert(sheetExports)
    .values({
      id: crypto.randomUUID(),
      userId: input.userId,
      jobId: job.id,
      destination: request.destination,
      mode: request.mode,
      options: {
        ...(request.mode === "new" ? { title: request.title ?? defaultTitle(job.filename, now) } : {}),
        ...(request.sheet_name ? { sheet_name: request.sheet_name } : {}),
        ...(request.folder_id ? { folder_id: request.folder_id } : {}),
        ...(request.share_with?.length ? { share_with: request.share_with } : {}),
        columns: [...(request.columns ?? DEFAULT_COLUMNS)],
      },
      spreadsheetId: request.spreadsheet_id ? spreadsheetIdOf(request.spreadsheet_id) : null,
      rowsTotal: (job.chunkCounts ?? []).reduce((sum, count) => sum + count, 0),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  // Queued after the row exists; a lost send is redriven by the housekeeping.
  await sendCoveredByCron(() => enqueueExport(env, row!.id), "sheets export", { export_id: row!.id });
  return row!;
}
