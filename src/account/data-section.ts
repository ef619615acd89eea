import type { Config } from "../config";
import type { Database } from "../db/client";

/**
 * The registry contract: every feature that holds a user's data describes it once as a `DataSection`, and
 * `registry.ts` lists the sections. The export ZIP and the account deletion are built from that list alone,
 * so a new table is covered by adding its section (a few lines) — and `tests/account/deletion.test.ts` fails
 * for any D1 table with a `user_id` column that no section claims.
 *
 * A section:
 * - names the D1 tables whose rows it erases (`tables`), or keeps on purpose with the reason (`retains`: an
 *   audit log keeps the user id of its rows but must clear every personal field of them in `erase`);
 * - puts the user's rows into one JSON file of the ZIP (`file`), JSON-ready and without any secret, token,
 *   hash or ciphertext — several sections may share a file name, their rows are then concatenated;
 * - may stream large files of its own into the ZIP (`entries`), read lazily one at a time;
 * - erases everything of the user it holds (`erase`): rows, R2 objects, KV entries, Durable Object storage.
 *   `erase` must be idempotent (a redelivered message runs it again after a partial run) and may do its work
 *   in slices: returning `more: true` makes the deletion call it again from a fresh message.
 *
 * Sections run in registry order; a section whose erase needs other rows (the jobs section reads job rows to
 * find their R2 objects) comes before the section deleting those rows, and the user row goes last.
 */
export interface DataSection {
  /** Stable name, used in logs and in the deletion's counts ("sessions"). */
  name: string;
  /** D1 tables whose rows of the user `erase` deletes. */
  tables: readonly string[];
  /** D1 tables whose rows keep the user id after `erase`, with the reason. */
  retains?: readonly RetainedTable[];
  /** The section's file of the export ZIP. */
  file?: SectionFile;
  /** Large files of the export ZIP (sentences, PDFs), produced lazily. */
  entries?: SectionEntries;
  /** Erases the user's data of this section (idempotent); counts what went, by kind. */
  erase(ctx: SectionContext, userId: string): Promise<EraseResult>;
}

/** What a section may use: the bindings, the drizzle client, the configuration, the current time. */
export interface SectionContext {
  env: Env;
  db: Database;
  config: Config;
  now: number;
}

/** A JSON file of the export ZIP. */
export interface SectionFile {
  /** File name in the ZIP ("sessions.json"). */
  name: string;
  /** One line of README.txt saying what the file holds. */
  describe: string;
  /** The user's data, JSON-ready: an object, or an array of rows. */
  rows(ctx: SectionContext, userId: string): Promise<unknown>;
}

/** Files a section streams into the ZIP, one at a time. */
export interface SectionEntries {
  /** Lines of README.txt describing them ("jobs/<id>/sentences.csv — …"). */
  describe: readonly string[];
  list(ctx: SectionContext, userId: string, options: ExportOptions): AsyncIterable<ZipEntry>;
}

/** A table that keeps rows naming the user after the deletion, and why. */
export interface RetainedTable {
  table: string;
  why: string;
}

/** One file streamed into the ZIP. */
export interface ZipEntry {
  /** Path inside the ZIP ("jobs/<id>/sentences.csv"). */
  name: string;
  input: ReadableStream<Uint8Array> | string;
  /** Byte length when known in advance (R2 objects). */
  size?: number;
  lastModified?: Date;
}

/** What the user asked the export to hold. */
export interface ExportOptions {
  includePdfs: boolean;
}

/** Counts by kind ("rows", "objects", "cache_entries", "trackers"); `more` asks to be called again. */
export interface EraseResult {
  counts: Record<string, number>;
  more?: boolean;
}
