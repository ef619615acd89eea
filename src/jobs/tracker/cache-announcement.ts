import { requireConfig } from "../../config";
import { describeError, log } from "../../lib/logger";
import { announceResult } from "../result-cache";
import { cachedResultOf, type JobState } from "./job-state";

/**
 * Offers a completed job's result to the shared cache under its key. A lost announcement only costs a later
 * cache miss, so a failure is logged and never fails the completion.
 */
export async function announceCompletion(env: Env, state: JobState): Promise<void> {
  if (!state.cacheKey) return;
  try {
    const { CACHE_TTL_SECONDS } = requireConfig(env);
    await announceResult(env.RESULT_CACHE, state.cacheKey, CACHE_TTL_SECONDS, cachedResultOf(state));
  } catch (error) {
    log("warn", "could not announce a result in the cache", { job_id: state.jobId, ...describeError(error) });
  }
}
