import { env } from "cloudflare:test";
import { type Config, loadConfig } from "../../src/config";

/** The configuration the test worker runs with, for calling auth functions directly. */
export function workerConfig(overrides: Partial<Config> = {}): Config {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(`test worker configuration is invalid: ${loaded.invalid.join(", ")}`);
  return { ...loaded.config, ...overrides };
}
