import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_PLANS, loadConfig, requireConfig } from "../src/config";
import { callApp, PRODUCTION_ENV } from "./helpers/app";

describe("configuration", () => {
  it("development works with no secrets, using local defaults", () => {
    const result = loadConfig({ ENVIRONMENT: "development" });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.config.MAX_PDF_BYTES).toBe(50 * 1024 * 1024);
      expect(result.config.MAX_PDF_PAGES).toBe(1000);
      expect(result.config.GEMINI_BASE_URL).toBe("https://generativelanguage.googleapis.com");
      expect(result.config.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    }
  });

  it("a complete production config parses", () => {
    expect(loadConfig({ ...PRODUCTION_ENV }).ok).toBe(true);
  });

  it("re-drives stalled jobs sooner in development than deployed, unless JOB_REDRIVE_SECONDS says otherwise", () => {
    const redrive = (env: Record<string, string>) => {
      const result = loadConfig(env);
      return result.ok ? result.config.JOB_REDRIVE_SECONDS : result.invalid;
    };
    expect(redrive({ ENVIRONMENT: "development" })).toBe(20);
    expect(redrive({ ...PRODUCTION_ENV })).toBe(180);
    expect(redrive({ ...PRODUCTION_ENV, JOB_REDRIVE_SECONDS: "300" })).toBe(300);
    expect(redrive({ ENVIRONMENT: "development", JOB_REDRIVE_SECONDS: "0" })).toEqual([
      "JOB_REDRIVE_SECONDS",
    ]);
  });

  it("production without secrets names each missing variable", () => {
    const result = loadConfig({ ENVIRONMENT: "production" });
    expect(result).toEqual({
      ok: false,
      invalid: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "JWT_SECRET", "TOKEN_ENCRYPTION_KEY"],
    });
  });

  it("rejects malformed values and dev login outside development", () => {
    const result = loadConfig({
      ...PRODUCTION_ENV,
      TOKEN_ENCRYPTION_KEY: "too-short",
      MAX_PDF_BYTES: "-3",
      DEV_LOGIN: "true",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.invalid).toEqual(["DEV_LOGIN", "MAX_PDF_BYTES", "TOKEN_ENCRYPTION_KEY"]);
    const devLogin = loadConfig({ ...PRODUCTION_ENV, DEV_LOGIN: "true" });
    expect(devLogin).toEqual({ ok: false, invalid: ["DEV_LOGIN"] });
  });

  it("refuses a shortened webhook retry schedule outside development", () => {
    const shortened = { WEBHOOK_DEV_RETRY_MAX_SECONDS: "10" };
    expect(loadConfig({ ...PRODUCTION_ENV, ...shortened })).toEqual({
      ok: false,
      invalid: ["WEBHOOK_DEV_RETRY_MAX_SECONDS"],
    });
    const development = loadConfig({ ENVIRONMENT: "development", ...shortened });
    expect(development.ok && development.config.WEBHOOK_DEV_RETRY_MAX_SECONDS).toBe(10);
  });
});

describe("requireConfig (queues, Durable Objects, cron)", () => {
  it("returns the same configuration as loadConfig", () => {
    const loaded = loadConfig({ ...PRODUCTION_ENV });
    expect(loaded.ok && requireConfig({ ...PRODUCTION_ENV })).toEqual(loaded.ok && loaded.config);
  });

  it("throws a ConfigError naming the invalid variables, never their values", () => {
    const broken = { ...PRODUCTION_ENV, TOKEN_ENCRYPTION_KEY: "not-base64-32-bytes" };
    const thrown = (() => {
      try {
        requireConfig(broken);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown).toMatchObject({ invalid: ["TOKEN_ENCRYPTION_KEY"] });
    expect(String(thrown)).toContain("TOKEN_ENCRYPTION_KEY");
    expect(String(thrown)).not.toContain("not-base64-32-bytes");
  });
});

describe("a misconfigured deployment", () => {
  it("answers every request with 503 MISCONFIGURED naming the variables, never their values", async () => {
    const broken = { ...PRODUCTION_ENV, JWT_SECRET: "", TOKEN_ENCRYPTION_KEY: "not-base64-32-bytes" };
    for (const path of ["/health", "/api/v1/anything", "/api/openapi.json"]) {
      const response = await callApp(path, {}, broken);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const text = await response.text();
      const body = JSON.parse(text);
      expect(body.error_code).toBe("MISCONFIGURED");
      expect(body.detail).toContain("JWT_SECRET");
      expect(body.detail).toContain("TOKEN_ENCRYPTION_KEY");
      expect(text).not.toContain("not-base64-32-bytes");
      expect(text).not.toContain(PRODUCTION_ENV.GOOGLE_CLIENT_SECRET);
    }
  });

  it("serves normally once the configuration is complete", async () => {
    const response = await callApp("/health", {}, PRODUCTION_ENV);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ environment: "production" });
  });
});

describe("PLANS", () => {
  it("overrides single fields of a plan and keeps every other default", () => {
    const result = loadConfig({ PLANS: '{"user":{"pages_per_month":1000,"gemini_pages_per_month":0}}' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.PLANS.user).toEqual({
      ...DEFAULT_PLANS.user,
      pages_per_month: 1000,
      gemini_pages_per_month: 0,
    });
    expect(result.config.PLANS.premium).toEqual(DEFAULT_PLANS.premium);
  });

  it.each([
    ["not JSON", "{user:"],
    ["an unknown plan", '{"gold":{"pages_per_month":1}}'],
    ["an unknown field", '{"user":{"pages":1}}'],
    ["a negative quota", '{"user":{"pages_per_month":-1}}'],
  ])("refuses %s, naming PLANS", (_, value) => {
    expect(loadConfig({ ENVIRONMENT: "development", PLANS: value })).toEqual({
      ok: false,
      invalid: ["PLANS"],
    });
  });
});
