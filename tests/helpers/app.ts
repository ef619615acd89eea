import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { buildApp } from "../../src/app";

/** A complete, valid production configuration: tests remove or break one variable at a time. */
export const PRODUCTION_ENV = {
  ENVIRONMENT: "production",
  DEV_LOGIN: "false",
  JWT_SECRET: "production-secret-value-that-must-never-leak-0001",
  TOKEN_ENCRYPTION_KEY: "cHJvZHVjdGlvbi1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=",
  GOOGLE_CLIENT_ID: "prod-client.apps.googleusercontent.com",
  GOOGLE_CLIENT_SECRET: "prod-google-secret-never-leak",
} as const;

/** Calls a fresh app with the test bindings plus overrides (a new env object, so config is parsed anew). */
export async function callApp(path: string, init: RequestInit = {}, overrides: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const response = await buildApp().fetch(
    new Request(`https://api.test${path}`, init),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}
