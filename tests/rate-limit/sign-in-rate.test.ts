import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { callApp } from "../helpers/app";
import { captureLogs } from "../helpers/logs";

describe("sign-in rate limit", () => {
  it("refuses more sign-in attempts per minute from one address than SIGN_INS_PER_MINUTE", async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const attempt = (email: string) =>
      callApp(
        "/api/v1/auth/dev-login",
        {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": address },
          body: JSON.stringify({ email, name: "Essai" }),
        },
        { SIGN_INS_PER_MINUTE: "3" },
      );
    for (let i = 0; i < 3; i++) expect((await attempt(`essai${i}@example.test`)).status).toBe(200);
    const refused = await attempt("essai4@example.test");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error_code: "RATE_LIMITED" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const otherAddress = await callApp(
      "/api/v1/auth/dev-login",
      {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.9" },
        body: JSON.stringify({ email: "autre@example.test", name: "Autre" }),
      },
      { SIGN_INS_PER_MINUTE: "3" },
    );
    expect(otherAddress.status).toBe(200);
  });

  it("lets a sign-in through, logged, when the limiter cannot be reached", async () => {
    const unreachable = {
      idFromName: (name: string) => env.RATE_LIMITER.idFromName(name),
      get: () => new Proxy({}, { get: () => () => Promise.reject(new Error("Durable Object unreachable")) }),
    };
    let response: Response | undefined;
    const logs = await captureLogs(async () => {
      response = await callApp(
        "/api/v1/auth/dev-login",
        {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": "192.0.2.77" },
          body: JSON.stringify({ email: "panne@example.test", name: "Panne" }),
        },
        { RATE_LIMITER: unreachable },
      );
    });
    expect(response?.status).toBe(200);
    expect(await response?.json()).toHaveProperty("access_token");
    expect(logs.text).toContain("rate limiter unreachable; allowed");
    expect(logs.text).toContain('\\"budget\\":\\"sign-in\\"');
  });
});
