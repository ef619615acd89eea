import type { ChunkRecord, JobFailure } from "./job-state";

const PREFIX = "chunk:";
const ATTEMPT_PREFIX = "attempt:";
const PAGES_KEY = "pages";
/** Zero-padded, so listing the keys gives the chunks in order. */
const pad = (chunk: number) => String(chunk).padStart(5, "0");
const chunkKey = (chunk: number) => `${PREFIX}${pad(chunk)}`;
const attemptKey = (chunk: number) => `${ATTEMPT_PREFIX}${pad(chunk)}`;

/** The first and last page of a chunk's text. */
export type PageRange = readonly [first: number, last: number];

/** How often a chunk was tried: attempts started, when the latest began, and the latest failure retried. */
export interface ChunkAttempts {
  attempts: number;
  startedAt: number;
  lastError: JobFailure | null;
}

/** Everything recorded about a job's chunks, read at once for the chunk details. */
export interface ChunkLedger {
  pages: PageRange[];
  records: Map<number, ChunkRecord>;
  attempts: Map<number, ChunkAttempts>;
}

/** What each chunk of a job left behind, one key per chunk in its tracker's storage. */
export class ChunkRecords {
  private readonly kv: SyncKvStorage;

  constructor(kv: SyncKvStorage) {
    this.kv = kv;
  }

  /** The record of a chunk, once it was processed or failed for good. */
  get(chunk: number): ChunkRecord | undefined {
    return this.kv.get<ChunkRecord>(chunkKey(chunk));
  }

  /** Records a processed chunk: its sentence count, stats and usage (the sentences are in R2). */
  done(chunk: number, result: Pick<ChunkRecord, "count" | "stats" | "usage">): void {
    this.kv.put<ChunkRecord>(chunkKey(chunk), {
      status: "done",
      error: null,
      finishedAt: Date.now(),
      ...result,
    });
  }

  /** Records a chunk that failed for good. */
  failed(chunk: number, failure: JobFailure): void {
    this.kv.put<ChunkRecord>(chunkKey(chunk), {
      status: "failed",
      count: 0,
      stats: null,
      usage: null,
      error: failure,
      finishedAt: Date.now(),
    });
  }

  /** Every record, in chunk order. */
  all(): ChunkRecord[] {
    return [...this.kv.list<ChunkRecord>({ prefix: PREFIX })].map(([, record]) => record);
  }

  /** The chunks out of `total` with no `done` record, in order. */
  notDone(total: number): number[] {
    const done = new Set(
      [...this.kv.list<ChunkRecord>({ prefix: PREFIX })]
        .filter(([, record]) => record.status === "done")
        .map(([key]) => Number(key.slice(PREFIX.length))),
    );
    return Array.from({ length: total }, (_, chunk) => chunk).filter((chunk) => !done.has(chunk));
  }

  /** The chunks out of `total` that are not done; failed ones are forgotten so they run again. */
  reopen(total: number): number[] {
    const chunks = this.notDone(total);
    for (const chunk of chunks) if (this.get(chunk)?.status === "failed") this.kv.delete(chunkKey(chunk));
    return chunks;
  }

  /** Remembers the page range of every chunk, known once the PDF is cut. */
  plan(pages: readonly PageRange[]): void {
    if (pages.length > 0) this.kv.put(PAGES_KEY, pages);
  }

  /** Counts an attempt at a chunk starting now. */
  attemptStarted(chunk: number, now: number): void {
    const previous = this.kv.get<ChunkAttempts>(attemptKey(chunk));
    this.kv.put<ChunkAttempts>(attemptKey(chunk), {
      attempts: (previous?.attempts ?? 0) + 1,
      startedAt: now,
      lastError: previous?.lastError ?? null,
    });
  }

  /** Keeps the failure of an attempt that will be retried, so a waiting user sees why. */
  attemptFailed(chunk: number, failure: JobFailure): void {
    const previous = this.kv.get<ChunkAttempts>(attemptKey(chunk));
    this.kv.put<ChunkAttempts>(attemptKey(chunk), {
      attempts: previous?.attempts ?? 1,
      startedAt: previous?.startedAt ?? Date.now(),
      lastError: failure,
    });
  }

  /** The page ranges, records and attempts of every chunk. */
  ledger(): ChunkLedger {
    const byChunk = <T>(prefix: string) =>
      new Map(
        [...this.kv.list<T>({ prefix })].map(([key, value]) => [Number(key.slice(prefix.length)), value]),
      );
    return {
      pages: this.kv.get<PageRange[]>(PAGES_KEY) ?? [],
      records: byChunk<ChunkRecord>(PREFIX),
      attempts: byChunk<ChunkAttempts>(ATTEMPT_PREFIX),
    };
  }
}
