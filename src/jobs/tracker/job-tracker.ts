import { DurableObject } from "cloudflare:workers";
import { requireConfig } from "../../config";
import type { EngineUsage, SentenceStats } from "../../engines/types";
import { jobPrefix } from "../storage";
import { announceCompletion } from "./cache-announcement";
import { type ChunkDetail, describeChunks } from "./chunk-details";
import { ChunkRecords, type PageRange } from "./chunk-records";
import { syncJobRow } from "./d1-mirror";
import { EventHub } from "./event-hub";
import {
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
import { resendUnfinishedWork } from "./redrive";
import { cancelledState, chunkDoneState, failedState, preparedState, reopenedState } from "./transitions";
import {
  isStalled,
  nextAlarmAt,
  redriveDueAt,
  redrivenState,
  stalledFailure,
  watchdogWindows,
} from "./watchdog";

/**
 * One instance per job: the source of truth for its live state. Every transition is persisted in the
 * object's SQLite-backed storage, mirrored into the job's D1 row and pushed to open event streams; the end
 * of a job is announced as a `job.finished` domain event through an outbox kept in the same storage. The
 * alarm is a watchdog (a job without progress for JOB_REDRIVE_SECONDS has its unfinished work sent again; for
 * JOB_STALL_SECONDS, it fails with JOB_STALLED) and retries the outbox when a publish failed.
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

  /** Records the PDF cut into chunks and their pages. Returns false when the job no longer wants work. */
  async markPrepared(
    chunksTotal: number,
    pageCount: number,
    preparation?: Preparation,
    pages: readonly PageRange[] = [],
  ): Promise<{ proceed: boolean; dispatched: boolean }> {
    return this.serialized(async () => {
      const state = this.require();
      if (isTerminal(state.status)) return { proceed: false, dispatched: state.dispatched };
      if (!state.prepared) {
        this.chunks.plan(pages);
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

  /** Starts an attempt at a chunk (counted in its details); false once the job ended or the chunk is done. */
  async beginChunk(chunk: number): Promise<boolean> {
    if (!(await this.wantsChunk(chunk))) return false;
    this.chunks.attemptStarted(chunk, Date.now());
    return true;
  }

  /** Whether a chunk still wants a result: false once the job ended or another delivery finished the chunk. */
  async wantsChunk(chunk: number): Promise<boolean> {
    const state = this.load();
    return !!state && !isTerminal(state.status) && this.chunks.get(chunk)?.status !== "done";
  }

  /** Keeps the error of a chunk attempt that will be retried. */
  async chunkAttemptFailed(chunk: number, failure: JobFailure): Promise<void> {
    this.chunks.attemptFailed(chunk, failure);
  }

  /** Each chunk's page range, state, attempts, latest error and duration; null for an unknown job. */
  async chunkDetails(): Promise<ChunkDetail[] | null> {
    const state = this.load();
    return state ? describeChunks(state, this.chunks.ledger()) : null;
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
   * Looks after a job without progress (called by the alarm and the cron sweep): past the re-drive window its
   * unfinished work is sent again, at most MAX_REDRIVES times per stall with doubling delays; past the stall
   * window it fails with JOB_STALLED. Otherwise the D1 row is mirrored again, repairing one a failed write
   * left behind, and the alarm set again, restoring one that was lost.
   */
  async checkStalled(): Promise<JobState | null> {
    return this.serialized(async () => {
      const state = this.load();
      if (!state) return null;
      const windows = watchdogWindows(requireConfig(this.env));
      const now = Date.now();
      if (isStalled(state, windows, now)) return this.failNow(stalledFailure(windows));
      const redriveAt = redriveDueAt(state, windows);
      if (redriveAt !== null && now >= redriveAt) {
        const sent = await resendUnfinishedWork(this.env, state, this.chunks);
        const next = redrivenState(state, sent, windows, now);
        await this.commit(next);
        return next;
      }
      await syncJobRow(this.env, state);
      await this.setAlarm(state);
      return state;
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
    // Announced before the D1 mirror, whose failure would otherwise skip it.
    await announceCompletion(this.env, next);
    await this.commit(next);
    return next;
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
    await syncJobRow(this.env, state);
  }

  /** The next of: the re-drive and the stall deadline while the job runs, a retry of an unsent event. */
  private async setAlarm(state: JobState): Promise<void> {
    const outboxRetryAt = this.outbox.pending().length > 0 ? Date.now() + OUTBOX_RETRY_MS : null;
    const at = nextAlarmAt(state, watchdogWindows(requireConfig(this.env)), outboxRetryAt);
    if (at === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(at);
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
    // A state stored before re-drives were recorded reads as one never re-driven.
    const state = this.ctx.storage.kv.get<Omit<JobState, "redrives" | "redriveStreak"> & Partial<JobState>>(
      "state",
    );
    return state ? { redrives: 0, redriveStreak: null, ...state } : null;
  }

  private require(): JobState {
    const state = this.load();
    if (!state) throw new Error("job tracker used before init");
    return state;
  }
}
