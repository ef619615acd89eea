import { z } from "zod";

const DEFAULT_MAX_PDF_BYTES = 50 * 1024 * 1024;

/** The longest REFRESH_REUSE_GRACE_SECONDS allowed: housekeeping forgets every successor older than this. */
export const MAX_REFRESH_REUSE_GRACE_SECONDS = 300;

/** Local-only secrets so `npm start` and tests need nothing created by hand; never accepted outside development. */
const DEVELOPMENT_SECRETS = {
  JWT_SECRET: "development-only-jwt-secret-change-me-0123456789",
  TOKEN_ENCRYPTION_KEY: "ZGV2ZWxvcG1lbnQtb25seS10b2tlbi1rZXktMzJieXQ=",
  GOOGLE_CLIENT_ID: "local-development.apps.googleusercontent.com",
  GOOGLE_CLIENT_SECRET: "local-development-secret",
} as const;

const list = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((value) => value === "true" || value === "1");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const base64Key32 = z.string().refine((value) => {
  try {
    return Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0)).length === 32;
  } catch {
    return false;
  }
}, "must be 32 bytes encoded as base64");

const jwtSecret = z.string().min(32, "must be at least 32 characters");

/** The plans, one per user role: `user` is the free plan. */
export const PLAN_NAMES = ["user", "premium", "admin"] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

const planSchema = z.strictObject({
  /** Authenticated requests per minute, sessions and API keys together; 0 turns the limit off. */
  requests_per_minute: z.number().int().min(0),
  uploads_per_hour: z.number().int().positive(),
  /** The monthly quota: pages reserved by jobs (a cache hit costs none), per calendar month in UTC. */
  pages_per_month: z.number().int().min(0),
  max_pages_per_pdf: z.number().int().positive(),
  max_concurrent_jobs: z.number().int().positive(),
  /** Pages a month the Gemini engine may process, within the quota; 0 = offline engine only. */
  gemini_pages_per_month: z.number().int().min(0),
});

export type Plan = z.infer<typeof planSchema>;

/** The one source of the plan defaults; `PLANS` (JSON) overrides any field of any plan per environment. */
export const DEFAULT_PLANS: Record<PlanName, Plan> = {
  user: {
    requests_per_minute: 120,
    uploads_per_hour: 10,
    pages_per_month: 500,
    max_pages_per_pdf: 300,
    max_concurrent_jobs: 2,
    gemini_pages_per_month: 50,
  },
  premium: {
    requests_per_minute: 600,
    uploads_per_hour: 60,
    pages_per_month: 10_000,
    max_pages_per_pdf: 1000,
    max_concurrent_jobs: 5,
    gemini_pages_per_month: 10_000,
  },
  admin: {
    requests_per_minute: 1200,
    uploads_per_hour: 120,
    pages_per_month: 100_000,
    max_pages_per_pdf: 1000,
    max_concurrent_jobs: 10,
    gemini_pages_per_month: 100_000,
  },
};

/** `PLANS`: a JSON object of per-plan overrides, e.g. `{"user":{"pages_per_month":1000}}`, merged on the defaults. */
const plans = z
  .string()
  .default("{}")
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "must be a JSON object" });
      return z.NEVER;
    }
  })
  .pipe(z.strictObject(Object.fromEntries(PLAN_NAMES.map((name) => [name, planSchema.partial().optional()]))))
  .transform(
    (overrides) =>
      Object.fromEntries(
        PLAN_NAMES.map((name) => [name, { ...DEFAULT_PLANS[name], ...overrides[name] }]),
      ) as Record<PlanName, Plan>,
  );

/** Every variable and secret the worker reads. Secrets are optional here and required below outside development. */
const configSchema = z.object({
  ENVIRONMENT: z.enum(["development", "staging", "production"]).default("development"),
  CORS_ORIGINS: list,
  MAX_PDF_BYTES: positiveInt(DEFAULT_MAX_PDF_BYTES),
  MAX_PDF_PAGES: positiveInt(1000),
  // A batch's whole body is buffered in memory (128 MB per isolate), so by default it may carry no more
  // than one largest PDF does.
  MAX_BATCH_BYTES: positiveInt(DEFAULT_MAX_PDF_BYTES),
  GIT_COMMIT: z.string().default("unknown"),

  JWT_SECRET: jwtSecret.optional(),
  JWT_PREVIOUS_SECRETS: list.pipe(z.array(jwtSecret)),
  TOKEN_ENCRYPTION_KEY: base64Key32.optional(),
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: list.pipe(z.array(base64Key32)),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  DEV_LOGIN: flag,
  ADMIN_EMAILS: list.transform((emails) => emails.map((email) => email.toLowerCase())),
  AUTH_REDIRECT_ORIGINS: list,

  GEMINI_API_KEY: z.string().min(1).optional(),
  GEMINI_MODEL_SPEED: z.string().default("gemini-2.5-flash-lite"),
  GEMINI_MODEL_BALANCED: z.string().default("gemini-2.5-flash"),
  GEMINI_MODEL_QUALITY: z.string().default("gemini-2.5-pro"),
  GEMINI_TIMEOUT_MS: positiveInt(60_000),
  GEMINI_MAX_CONCURRENCY: positiveInt(16),
  GEMINI_MAX_RPM: positiveInt(300),
  SENTRY_DSN: z.url().optional(),

  CACHE_TTL_SECONDS: positiveInt(24 * 60 * 60),
  JOB_STALL_SECONDS: positiveInt(15 * 60),
  /** Unset: REDRIVE_SECONDS_DEFAULT for the environment (see below). */
  JOB_REDRIVE_SECONDS: z.coerce.number().int().positive().optional(),
  EXPORT_STALL_SECONDS: positiveInt(10 * 60),
  HISTORY_RETENTION_DAYS: positiveInt(30),
  PDF_RETENTION_DAYS: positiveInt(30),
  PLANS: plans,
  ANONYMOUS_REQUESTS_PER_MINUTE: positiveInt(60),
  SIGN_INS_PER_MINUTE: positiveInt(30),
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  // Bounded: shorter only means more refreshes; longer than an hour would keep a stolen token useful too long.
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(3600)
    .default(15 * 60),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_REFRESH_REUSE_GRACE_SECONDS)
    .default(30),

  GOOGLE_AUTH_URL: z.url().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
  GOOGLE_JWKS_URL: z.url().default("https://www.googleapis.com/oauth2/v3/certs"),
  GOOGLE_REVOKE_URL: z.url().default("https://oauth2.googleapis.com/revoke"),
  GOOGLE_SHEETS_BASE_URL: z.url().default("https://sheets.googleapis.com"),
  GOOGLE_DRIVE_BASE_URL: z.url().default("https://www.googleapis.com"),
  GEMINI_BASE_URL: z.url().default("https://generativelanguage.googleapis.com"),
  WEBHOOK_DNS_RESOLVER_URL: z.url().default("https://cloudflare-dns.com/dns-query"),
  // Development only: caps every webhook retry delay so a local walk sees the whole schedule in minutes.
  WEBHOOK_DEV_RETRY_MAX_SECONDS: z.coerce.number().int().min(0).optional(),
});

/**
 * Seconds without progress before a job's unfinished work is sent again. Short locally, where a restart of
 * `npm start` drops every queued message; longer deployed, where Queues keep messages and a re-drive is only
 * for one lost on the way, so work still running is not sent twice.
 */
const REDRIVE_SECONDS_DEFAULT = { development: 20, staging: 180, production: 180 } as const;

const REQUIRED_OUTSIDE_DEVELOPMENT = [
  "JWT_SECRET",
  "TOKEN_ENCRYPTION_KEY",
  "GOOGLE_CLIENT_ID",
  "GOOGLE_CLIENT_SECRET",
] as const satisfies readonly (keyof typeof DEVELOPMENT_SECRETS)[];

type ParsedConfig = z.infer<typeof configSchema>;

/** Validated configuration; secrets and environment-dependent defaults are always present once parsing succeeded. */
export type Config = Omit<
  ParsedConfig,
  (typeof REQUIRED_OUTSIDE_DEVELOPMENT)[number] | "JOB_REDRIVE_SECONDS"
> & {
  [K in (typeof REQUIRED_OUTSIDE_DEVELOPMENT)[number]]: string;
} & { JOB_REDRIVE_SECONDS: number };

export type ConfigResult = { ok: true; config: Config } | { ok: false; invalid: string[] };

const byEnv = new WeakMap<object, ConfigResult>();
/**
 * Results by the variables' values: the Sentry SDK hands each invocation a fresh proxy of the same env, which
 * the WeakMap cannot recognise. Bounded, as tests pass many variants.
 */
const byValues = new Map<string, ConfigResult>();
const MAX_CACHED_VALUES = 32;

/** Parses configuration from the worker's `env`, once per distinct set of variables. Reports names, never values. */
export function loadConfig(env: object): ConfigResult {
  const cached = byEnv.get(env);
  if (cached) return cached;
  const strings = Object.fromEntries(
    Object.entries(env).filter(([, value]) => typeof value === "string" && value !== ""),
  );
  const key = JSON.stringify(strings);
  let result = byValues.get(key);
  if (!result) {
    if (byValues.size >= MAX_CACHED_VALUES) byValues.clear();
    result = parseConfig(strings);
    byValues.set(key, result);
  }
  byEnv.set(env, result);
  return result;
}

function parseConfig(strings: Record<string, string>): ConfigResult {
  const parsed = configSchema.safeParse(strings);
  const invalid = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])));
  const environment = parsed.success ? parsed.data.ENVIRONMENT : strings.ENVIRONMENT;
  if (environment !== "development") {
    for (const name of REQUIRED_OUTSIDE_DEVELOPMENT) if (!strings[name]) invalid.add(name);
    // Dev login signs anyone in by email: outside development it is a configuration error, not a feature.
    if (strings.DEV_LOGIN === "true" || strings.DEV_LOGIN === "1") invalid.add("DEV_LOGIN");
    // A shortened webhook schedule would give up on receivers within minutes: never outside development.
    if (strings.WEBHOOK_DEV_RETRY_MAX_SECONDS) invalid.add("WEBHOOK_DEV_RETRY_MAX_SECONDS");
  }
  if (!parsed.success || invalid.size > 0) return { ok: false, invalid: [...invalid].sort() };
  const config = parsed.data;
  return {
    ok: true,
    config: {
      ...config,
      JWT_SECRET: config.JWT_SECRET ?? DEVELOPMENT_SECRETS.JWT_SECRET,
      TOKEN_ENCRYPTION_KEY: config.TOKEN_ENCRYPTION_KEY ?? DEVELOPMENT_SECRETS.TOKEN_ENCRYPTION_KEY,
      GOOGLE_CLIENT_ID: config.GOOGLE_CLIENT_ID ?? DEVELOPMENT_SECRETS.GOOGLE_CLIENT_ID,
      GOOGLE_CLIENT_SECRET: config.GOOGLE_CLIENT_SECRET ?? DEVELOPMENT_SECRETS.GOOGLE_CLIENT_SECRET,
      JOB_REDRIVE_SECONDS: config.JOB_REDRIVE_SECONDS ?? REDRIVE_SECONDS_DEFAULT[config.ENVIRONMENT],
    },
  };
}

/** The configuration is invalid: names the variables at fault, never their values. */
export class ConfigError extends Error {
  readonly invalid: readonly string[];

  constructor(invalid: readonly string[]) {
    super(`Invalid or missing configuration: ${invalid.join(", ")}`);
    this.name = "ConfigError";
    this.invalid = invalid;
  }
}

/**
 * The configuration of work outside HTTP — queue consumers, Durable Objects, the cron — or a `ConfigError`.
 * What each caller does when it throws: a queue batch is delivered again after a delay (`worker.ts`); the cron
 * logs and skips its run (`cron/housekeeping.ts`); a Durable Object lets the error fail the call, so its
 * caller's own rule applies (a queue message is retried). HTTP reads `loadConfig` and answers 503 MISCONFIGURED.
 */
export function requireConfig(env: object): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new ConfigError(result.invalid);
  return result.config;
}
