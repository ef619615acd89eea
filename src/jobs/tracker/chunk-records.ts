import type { ChunkRecord, JobFailure } from "./job-state";

const PREFIX = "chunk:";
/** Zero-padded, so listing the keys gives the chunks in order. */
const chunkKey = (chunk: number) => `${PREFIX}${String(chunk).padStart(5, "0")}`;

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
    this.kv.put<ChunkRecord>(chunkKey(chunk), { status: "done", error: null, ...result });
  }

  /** Records a chunk that failed for good. */
  failed(chunk: number, failure: JobFailure): void {
    this.kv.put<ChunkRecord>(chunkKey(chunk), {
      status: "failed",
      count: 0,
      stats: null,
      usage: null,
      error: failure,
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
    const chunks: number[] = [];
    for (let chunk = 0; chunk < total; chunk++) {
      const record = this.get(chunk);
      if (record?.status === "failed") this.kv.delete(chunkKey(chunk));
      if (record?.status !== "done") chunks.push(chunk);
    }
    return chunks;
  }
}
