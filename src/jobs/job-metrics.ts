import type { Config } from "../config";
import { createDb } from "../db/client";
import type { DomainEvent } from "../lib/domain-events";
import { recordJob } from "../lib/metrics";
import { userPlan } from "../usage/plans";
import { trackerFor } from "./tracker/client";
import { isTerminal } from "./tracker/job-state";

/**
 * Reaction to `job.finished`: one job data point (pages, sentences, engine, duration, Gemini calls and tokens,
 * error code, plan). Analytics Engine cannot deduplicate, so an event delivered twice counts twice (rare: only
 * after a failed batch); it runs last among the reactions so that a failure of another does not repeat it.
 */
export async function recordJobMetrics(
  event: DomainEvent,
  context: { env: Env; config: Config },
): Promise<void> {
  if (event.type !== "job.finished") return;
  const state = await trackerFor(context.env, event.jobId).snapshot();
  if (!state || !isTerminal(state.status)) return;
  const plan = await userPlan(createDb(context.env.DB), context.config, state.userId).catch(() => null);
  const ended = state.completedAt ?? event.at;
  recordJob(context.env.METRICS, {
    status: state.status,
    engine: state.engine,
    model: state.model,
    errorCode: state.error?.error_code ?? null,
    plan: plan?.name ?? "unknown",
    pages: state.pageCount ?? 0,
    sentences: state.sentenceCount,
    durationMs: Math.max(0, ended - (state.startedAt ?? state.createdAt)),
    geminiCalls: state.usage?.calls ?? 0,
    inputTokens: state.usage?.input_tokens ?? 0,
    outputTokens: state.usage?.output_tokens ?? 0,
  });
}
