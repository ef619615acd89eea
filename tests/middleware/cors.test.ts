import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("CORS allowlist", () => {
  it("answers a preflight from an allowed origin", async () => {
    const response = await SELF.fetch("https://api.test/health", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,if-none-match",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const allowed = response.headers.get("access-control-allow-headers")?.toLowerCase().split(/,\s*/) ?? [];
    // A client polling history sends back the ETag it holds.
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "if-none-match"]));
  });

  it("adds the origin header to a simple request from an allowed origin", async () => {
    const response = await SELF.fetch("https://api.test/health", {
      headers: { origin: "http://localhost:5173" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const exposed = response.headers.get("access-control-expose-headers")?.split(/,\s*/) ?? [];
    // Headers a browser client must read: replays of an Idempotency-Key, its request budget and when to come back,
    // the validator it sends back in If-None-Match.
    expect(exposed).toEqual(
      expect.arrayContaining([
        "X-Request-Id",
        "ETag",
        "Idempotent-Replayed",
        "RateLimit",
        "RateLimit-Policy",
        "Retry-After",
      ]),
    );
  });

  it("gives no CORS headers to another origin", async () => {
    const response = await SELF.fetch("https://api.test/health", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const simple = await SELF.fetch("https://api.test/health", {
      headers: { origin: "https://evil.example" },
    });
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
  });
});
