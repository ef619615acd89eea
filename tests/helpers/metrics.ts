/** An Analytics Engine dataset that keeps what is written, for tests (the local binding writes nowhere). */
export function capturedMetrics() {
  const points: AnalyticsEngineDataPoint[] = [];
  const dataset: AnalyticsEngineDataset = { writeDataPoint: (point) => void points.push(point ?? {}) };
  return { dataset, points };
}
