import { describe, expect, it } from "vitest";
import { signInAs } from "../helpers/admin";
import { callApp } from "../helpers/app";
import { authHeaders } from "../helpers/auth";
import { capturedMetrics } from "../helpers/metrics";

describe("request metrics", () => {
  it("write the route pattern, status, duration and the caller's plan; never the path's ids", async () => {
    const user = await signInAs("premium");
    const { dataset, points } = capturedMetrics();
    const jobId = crypto.randomUUID();
    const response = await callApp(
      `/api/v1/jobs/${jobId}`,
      { headers: authHeaders(user.accessToken) },
      { METRICS: dataset },
    );
    expect(response.status).toBe(404);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({
      indexes: ["/api/v1/jobs/:id"],
      blobs: ["request", "GET", "/api/v1/jobs/:id", "premium"],
    });
    expect(points[0]?.doubles?.[0]).toBe(404);
    expect(points[0]?.doubles?.[1]).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(points)).not.toContain(jobId);
  });

  it("label anonymous callers and paths no route matches", async () => {
    const { dataset, points } = capturedMetrics();
    await callApp("/api/v1/nowhere", {}, { METRICS: dataset });
    expect(points[0]).toMatchObject({
      blobs: ["request", "GET", "(unmatched)", "anonymous"],
      doubles: [404, expect.any(Number)],
    });
  });

  it("do not fail a request when the dataset throws", async () => {
    const failing = {
      writeDataPoint: () => {
        throw new Error("dataset down");
      },
    };
    const response = await callApp("/health", {}, { METRICS: failing });
    expect(response.status).toBe(200);
  });
});
