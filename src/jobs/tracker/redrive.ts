import { describeError, log } from "../../lib/logger";
import { enqueueChunks, enqueuePrepare } from "../queue/producer";
import type { ChunkRecords } from "./chunk-records";
import type { JobState } from "./job-state";

/**
 * Sends a stalled job's unfinished work again: its first step when the PDF was never cut into chunks,
 * otherwise one message per chunk not done. Safe to repeat: the steps skip work already recorded, and the
 * tracker counts each chunk once. Never throws; returns whether the queue took the messages.
 */
export async function resendUnfinishedWork(
  env: Pick<Env, "JOB_QUEUE">,
  state: JobState,
  chunks: ChunkRecords,
): Promise<{ ok: boolean; chunks: boolean }> {
  const pending = state.prepared ? chunks.notDone(state.chunksTotal) : [];
  const fields = {
    job_id: state.jobId,
    redrive: state.redrives + 1,
    step: state.prepared ? "chunks" : "prepare",
    chunks: pending.length,
  };
  try {
    if (state.prepared) await enqueueChunks(env, state.jobId, pending);
    else await enqueuePrepare(env, state.jobId);
    log("warn", "job made no progress; its unfinished work was sent again", fields);
    return { ok: true, chunks: state.prepared };
  } catch (error) {
    log("error", "could not send a stalled job's work again", { ...fields, ...describeError(error) });
    return { ok: false, chunks: state.prepared };
  }
}
