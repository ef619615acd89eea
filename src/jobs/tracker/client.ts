/** The JobTracker Durable Object of a job (one per job id). */
export function trackerFor(env: Pick<Env, "JOB_TRACKER">, jobId: string) {
  return env.JOB_TRACKER.get(env.JOB_TRACKER.idFromName(jobId));
}
