import { and, asc, eq, isNull } from "drizzle-orm";
import { eventTickets, idempotencyKeys, jobs } from "../../db/schema";
import { historyEntry } from "../../history/history-view";
import { addCounts, type PurgeCounts, purgeJob } from "../../jobs/housekeeping";
import { jobView, withLiveResult } from "../../jobs/job-view";
import { sentenceFileWriter, sentenceStream } from "../../jobs/results/export-sentences";
import { deletePrefix, userPdfPrefix } from "../../jobs/storage";
import type { DataSection, ExportOptions, SectionContext, ZipEntry } from "../data-section";
import { eraseRows, userRows } from "./user-rows";

/** Jobs purged per delivery of the deletion message: each costs a handful of R2, KV and DO calls. */
const PURGE_SLICE = 25;

const CSV_COLUMNS = ["index", "sentence", "page", "fallback"] as const;

/** A PDF name safe as one path segment of the ZIP. */
const safeName = (filename: string) => filename.replace(/[/\\]/g, "_").replace(/^\.+/, "") || "document.pdf";

/** Per job still in the history: `jobs/<id>/sentences.csv` once completed, and its PDF unless left out. */
async function* jobEntries(
  ctx: SectionContext,
  userId: string,
  options: ExportOptions,
): AsyncGenerator<ZipEntry> {
  const { env, db } = ctx;
  const rows = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.userId, userId), isNull(jobs.deletedAt)))
    .orderBy(asc(jobs.createdAt), asc(jobs.id));
  for (const row of rows) {
    const job = await withLiveResult(env, row);
    const lastModified = job.completedAt ?? job.createdAt;
    if (job.status === "completed") {
      yield {
        name: `jobs/${job.id}/sentences.csv`,
        input: sentenceStream(env.PDF_BUCKET, job, sentenceFileWriter(job, "csv", CSV_COLUMNS)),
        lastModified,
      };
    }
    const pdf = options.includePdfs ? await env.PDF_BUCKET.get(job.pdfKey) : null;
    if (pdf)
      yield {
        name: `jobs/${job.id}/${safeName(job.filename)}`,
        input: pdf.body,
        size: pdf.size,
        lastModified: job.createdAt,
      };
  }
}

/** Jobs: the history (`history.json`), each job's files, and on erasure every object derived from them. */
export const jobsSection: DataSection = {
  name: "jobs",
  tables: ["jobs"],
  file: {
    name: "history.json",
    describe:
      "Every job kept for you, as GET /api/v1/history/{id} shows it (its Sheets exports are in exports.json); entries you deleted and that are not purged yet carry deleted_at.",
    async rows({ db }, userId) {
      const rows = await userRows(db, jobs, userId);
      return rows.map((job) => ({
        ...historyEntry(jobView(job, null)),
        deleted_at: job.deletedAt?.toISOString() ?? null,
      }));
    },
  },
  entries: {
    describe: [
      "jobs/<job id>/sentences.csv — the sentences of each completed job: index, sentence, page, fallback (true where the offline splitter stood in for Gemini).",
      "jobs/<job id>/<file name>.pdf — the PDF you uploaded, unless the export was asked with include_pdfs=false or the PDF was removed after its retention period.",
    ],
    list: jobEntries,
  },
  async erase({ env, db }, userId) {
    const slice = await db.select().from(jobs).where(eq(jobs.userId, userId)).limit(PURGE_SLICE);
    const total: PurgeCounts = { jobs: 0, objects: 0, cacheEntries: 0 };
    for (const job of slice) addCounts(total, await purgeJob(env, db, job));
    const more = slice.length === PURGE_SLICE;
    // The user's PDFs are keyed under the user: once no job is left, anything still there is an orphan.
    if (!more) total.objects += await deletePrefix(env.PDF_BUCKET, userPdfPrefix(userId));
    return {
      counts: {
        rows: total.jobs,
        objects: total.objects,
        cache_entries: total.cacheEntries,
        trackers: total.jobs,
      },
      more,
    };
  },
};

/** Idempotency-Keys of the user's uploads (kept 24 hours; nothing to export). */
export const idempotencySection: DataSection = {
  name: "idempotency_keys",
  tables: ["idempotency_keys"],
  erase: eraseRows(idempotencyKeys, idempotencyKeys.userId),
};

/** Single-use tickets of the user's event streams (minutes long; nothing to export). */
export const eventTicketsSection: DataSection = {
  name: "event_tickets",
  tables: ["event_tickets"],
  erase: eraseRows(eventTickets, eventTickets.userId),
};
