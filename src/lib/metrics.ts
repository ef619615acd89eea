import { describeError, log } from "./logger";

/** One answered request, as written to the METRICS dataset. */
export interface RequestMetric {
  method: string;
  /** The route's pattern (`/api/v1/jobs/:id`), never the path itself: ids stay out of the metrics. */
  route: string;
  status: number;
  durationMs: number;
  /** The caller's plan, or `anonymous`. */
  plan: string;
}

/** One job that ended, as written to the METRICS dataset. */
export interface JobMetric {
  status: string;
  engine: string;
  model: string | null;
  errorCode: string | null;
  plan: string;
  pages: number;
  sentences: number;
  durationMs: number;
  geminiCalls: number;
  inputTokens: number;
  outputTokens: number;
}

function write(dataset: AnalyticsEngineDataset | undefined, point: AnalyticsEngineDataPoint): void {
  try {
    dataset?.writeDataPoint(point);
  } catch (error) {
    // Metrics never fail the work they describe.
    log("warn", "metric not written", describeError(error));
  }
}

/**
 * Writes a request data point: blob1 `request`, blob2 method, blob3 route, blob4 plan; double1 status,
 * double2 duration in ms; indexed by route. A missing binding writes nothing.
 */
export function recordRequest(dataset: AnalyticsEngineDataset | undefined, metric: RequestMetric): void {
  write(dataset, {
    indexes: [metric.route.slice(0, 96)],
    blobs: ["request", metric.method, metric.route, metric.plan],
    doubles: [metric.status, metric.durationMs],
  });
}

/**
 * Writes a job data point: blob1 `job`, blob2 status, blob3 engine, blob4 model, blob5 error code, blob6 plan;
 * double1 pages, double2 sentences, double3 duration in ms, double4 Gemini calls, double5 input tokens,
 * double6 output tokens; indexed by engine.
 */
export function recordJob(dataset: AnalyticsEngineDataset | undefined, metric: JobMetric): void {
  write(dataset, {
    indexes: [metric.engine],
    blobs: ["job", metric.status, metric.engine, metric.model ?? "", metric.errorCode ?? "", metric.plan],
    doubles: [
      metric.pages,
      metric.sentences,
      metric.durationMs,
      metric.geminiCalls,
      metric.inputTokens,
      metric.outputTokens,
    ],
  });
}
