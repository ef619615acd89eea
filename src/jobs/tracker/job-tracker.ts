import { DurableObject } from "cloudflare:workers";
import { requireConfig } from "../../config";
import type { EngineUsage, SentenceStats } from "../../engines/types";
import { describeError, log } from "../../lib/logger";
import { announceResult } from "../result-cache";
import { jobPrefix } from "../storage";
import { ChunkRecords } from "./chunk-records";
import { syncJobRow } from "./d1-mirror";
import { EventHub } from "./event-hub";
import {
  cachedResultOf,
  completedState,
  initialState,
  isTerminal,
  type JobFailure,
  type JobState,
  liveView,
  type Preparation,
  type TrackerInit,
} from "./job-state";
import { endsJob, jobFinishedEvent, OUTBOX_RETRY_MS, Outbox } from "./outbox";
import { cancelledState, chunkDoneState, failedState, preparedState, reopenedState } from "./transitions";

/**
 * One instance per job: the source of truth for its live state. Every transition is persisted in the
 * object's SQLite-backed storage, mirrored into the job's D1 row and pushed to open event streams; the end
 * of a job is announced as a `job.finished` domain event through an outbox kept in the same storage. The
 * alarm is a watchdog (a job without progress for JOB_STALL_SECONDS fails with JOB_STALLED) and retries the
 * outbox when a publish failed.
 */
export class JobTracker extends DurableObject<Env> {
  private readonly events = new EventHub();
  private readonly chunks = new ChunkRecords(this.ctx.storage.kv);
  private readonly outbox = new Outbox(this.ctx.storage.kv, this.env);
  private queue: Promise<unknown> = Promise.resolve();

  /** Readiness probe: proves the namespace is bound and an instance answers. */
  async ping(): Promise<"pong"> {
    return "pong";
  }

  /** Creates the state once; a repeated call (a retried request) changes nothing. */
  async init(input: TrackerInit): Promise<JobState> {
    return this.serialized(async () => {
      const existing = this.load();
      if (existing) return existing;
      const state = initialState(input, Date.now());
      await this.commit(state);
      return state;
    });
  }

  /** The current state, or null for an unknown job. */
  async snapshot(): Promise<JobState | null> {
    return this.load();
  }

  /** Records that the PDF was cut into chunks. Returns false when the job no longer wants work. */
  async markPrepared(
    chunksTotal: number,
    pageCount: number,
    preparation?: Preparation,
  ): Promise<{ proceed: boolean; dispatched: boolean }> {
    return this.serialized(async () => {
      const state = this.require();
      if (isTerminal(state.status)) return { proceed: false, dispatched: state.dispatched };
      if (!state.prepared) {
        await this.commit(preparedState(state, { chunksTotal, pageCount, ...preparation }, Date.now()));
      }
      return { proceed: true, dispatched: state.dispatched };
    });
  }

  /** Records that the chunk messages were sent, so a redelivered prepare message sends nothing twice. */
  async markDispatched(): Promise<void> {
    const state = this.require();
    if (!state.dispatched) this.save({ ...state, dispatched: true });
  }

  /** Whether a chunk still needs work: false once the job ended or the chunk was already done. */
  async wantsChunk(chunk: number): Promise<boolean> {
    const state = this.load();
    if (!state || isTerminal(state.status)) return false;
    return this.chunks.get(chunk)?.status !== "done";
  }

  /** Records a processed chunk once (duplicates are ignored); the last one completes the job. */
  async chunkDone(
    chunk: number,
    result: { count: number; stats: SentenceStats; usage: EngineUsage },
  ): Promise<JobState> {
    return this.serialized(async () => {
      const state = this.require();
      const previous = this.chunks.get(chunk);
      if (isTerminal(state.status) || previous?.status === "done") return state;
      this.chunks.done(chunk, result);
      const next = chunkDoneState(state, result.count, previous?.status === "failed", Date.now());
      if (next.prepared && next.chunksDone === next.chunksTotal) return this.complete(next);
      await this.commit(next);
      return next;
    });
  }

  /** A chunk failed past its retries (or for good): the job fails with the chunk's code. */
  async chunkFailed(chunk: number, failure: JobFailure): Promise<JobState> {
    return this.serialized(async () => {
      const state = this.require();
      const previous = this.chunks.get(chunk);
      if (isTerminal(state.status) || previous) return state;
      this.chunks.failed(chunk, failure);
      return this.failNow(failure, { chunksFailed: state.chunksFailed + 1 });
    });
  }

  /** Ends the job as failed (no effect once it has ended). */
  async fail(failure: JobFailure): Promise<JobState> {
    return this.serialized(() => this.failNow(failure));
  }

  private async failNow(failure: JobFailure, changes: Partial<JobState> = {}): Promise<JobState> {
    const state = this.require();
    if (isTerminal(state.status)) return state;
    const next = failedState(state, failure, changes, Date.now());
    await this.commit(next);
    return next;
  }

  /** Stops further work; chunks still in flight are discarded when they report. */
  async cancel(): Promise<{ changed: boolean; state: JobState | null }> {
    return this.serialized(async () => {
      const state = this.load();
      if (!state || isTerminal(state.status)) return { changed: false, state };
      const next = cancelledState(state, Date.now());
      await this.commit(next);
      return { changed: true, state: next };
    });
  }

  /**
   * Reopens a failed or cancelled job. Returns what to enqueue again: the prepare step when the PDF was never
   * cut, otherwise only the chunks that are not done.
   */
  async reopen(): Promise<{ changed: boolean; prepare: boolean; chunks: number[]; state: JobState | null }> {
    return this.serialized(async () => {
      const state = this.load();
      if (!state || (state.status !== "failed" && state.status !== "cancelled"))
        return { changed: false, prepare: false, chunks: [], state };
      const chunks = this.chunks.reopen(state.chunksTotal);
      const next = reopenedState(state, Date.now());
      await this.commit(next);
      return { changed: true, prepare: !state.prepared, chunks, state: next };
    });
  }

  /**
   * Fails the job if it made no progress within the stall window (called by the alarm and the cron sweep).
   * A job that did move is mirrored into D1 again, repairing a row a failed D1 write left behind.
   */
  async checkStalled(): Promise<JobState | null> {
    return this.serialized(async () => {
      const state = this.load();
      if (!state) return null;
      const stallMs = this.stallMs();
      if (isTerminal(state.status) || Date.now() - state.updatedAt < stallMs) {
        await syncJobRow(this.env.DB, state);
        await this.setAlarm(state);
        return state;
      }
      return this.failNow({
        error_code: "JOB_STALLED",
        message: `No progress for ${Math.round(stallMs / 1000)} seconds; the job was stopped. Retry it to resume.`,
        failed_step: "watchdog",
      });
    });
  }

  /** Forgets the job entirely (its history row is being purged). */
  async destroy(): Promise<void> {
    await this.serialized(async () => {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
    });
  }

  override async alarm(): Promise<void> {
    await this.serialized(() => this.outbox.flush());
    await this.checkStalled();
  }

  /** `GET /events`: a Server-Sent Events stream of the live state until the job ends. */
  override async fetch(request: Request): Promise<Response> {
    const state = this.load();
    if (new URL(request.url).pathname !== "/events" || !state)
      return new Response("Not found", { status: 404 });
    return this.events.open(liveView(state), isTerminal(state.status));
  }

  private async complete(state: JobState): Promise<JobState> {
    const next = completedState(state, this.chunks.all(), jobPrefix(state.jobId), Date.now());
    // Announced before the D1 mirror, whose failure would otherwise skip it; a lost announcement only costs
    // a later cache miss, so it never fails the completion.
    if (state.cacheKey) {
      await this.announce(state.cacheKey, next).catch((error: unknown) =>
        log("warn", "could not announce a result in the cache", {
          job_id: state.jobId,
          ...describeError(error),
        }),
      );
    }
    await this.commit(next);
    return next;
  }

  private async announce(cacheKey: string, state: JobState): Promise<void> {
    const { CACHE_TTL_SECONDS } = requireConfig(this.env);
    await announceResult(this.env.RESULT_CACHE, cacheKey, CACHE_TTL_SECONDS, cachedResultOf(state));
  }

  /**
   * Storage first (the tracker is the source of truth, and the end of a job is put in the outbox with it),
   * then listeners, the outbox and the alarm, then the D1 mirror. A failed D1 write throws, so the caller's
   * message is retried; the next transition or the cron sweep writes the whole state again.
   */
  private async commit(state: JobState): Promise<void> {
    const ended = endsJob(this.load(), state);
    this.save(state);
    if (ended) this.outbox.add(jobFinishedEvent(state));
    this.events.broadcast(liveView(state), isTerminal(state.status));
    if (ended) await this.outbox.flush();
    await this.setAlarm(state);
    await syncJobRow(this.env.DB, state);
  }

  /** The watchdog while the job runs; once it ended, a retry of the outbox if an event is still unsent. */
  private async setAlarm(state: JobState): Promise<void> {
    if (!isTerminal(state.status)) await this.ctx.storage.setAlarm(state.updatedAt + this.stallMs());
    else if (this.outbox.pending().length > 0) await this.ctx.storage.setAlarm(Date.now() + OUTBOX_RETRY_MS);
    else await this.ctx.storage.deleteAlarm();
  }

  /**
   * Runs state changes one at a time. A Durable Object interleaves calls while one awaits D1, so without this
   * two chunks finishing together would both read the same count and one would be lost.
   */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private save(state: JobState): void {
    this.ctx.storage.kv.put("state", state);
  }

  private load(): JobState | null {
    return this.ctx.storage.kv.get<JobState>("state") ?? null;
  }

  private require(): JobState {
    const state = this.load();
    if (!state) throw new Error("job tracker used before init");
    return state;
  }

  private stallMs(): number {
    return requireConfig(this.env).JOB_STALL_SECONDS * 1000;
  }
}
