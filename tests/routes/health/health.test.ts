import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /health", () => {
  it("answers without touching dependencies", async () => {
    const response = await SELF.fetch("https://api.test/health");
    expect(response.status).toBe(200);
    const body = await response.json<Record<string, string>>();
    expect(body).toMatchObject({
      status: "ok",
      service: "french-novel-tool-api",
      environment: "development",
    });
  });
});

describe("GET /health/ready", () => {
  it("reports each dependency with a status and latency", async () => {
    const response = await SELF.fetch("https://api.test/health/ready");
    const body = await response.json<{
      status: string;
      checks: Record<string, { status: string; latency_ms: number }>;
    }>();
    expect(response.status).toBe(200);
    expect(body.status).toBe("ok");
    expect(Object.keys(body.checks).sort()).toEqual(["d1", "job_tracker", "kv", "queues", "r2"]);
    for (const check of Object.values(body.checks)) {
      expect(check.status).toBe("ok");
      expect(check.latency_ms).toBeGreaterThanOrEqual(0);
    }
  });
});
