import { Toucan } from "toucan-js";
import type { Config } from "../config";

interface ReportContext {
  config: Pick<Config, "SENTRY_DSN" | "ENVIRONMENT" | "GIT_COMMIT">;
  executionCtx?: Pick<ExecutionContext, "waitUntil">;
  request?: Request;
  tags?: Record<string, string>;
  userId?: string;
}

/** Sends an unexpected error to Sentry when `SENTRY_DSN` is set; a no-op otherwise. */
export function reportError(
  error: unknown,
  { config, executionCtx, request, tags, userId }: ReportContext,
): void {
  if (!config.SENTRY_DSN) return;
  const sentry = new Toucan({
    dsn: config.SENTRY_DSN,
    environment: config.ENVIRONMENT,
    release: config.GIT_COMMIT,
    ...(executionCtx ? { context: executionCtx } : {}),
    ...(request ? { request } : {}),
    // Request bodies and headers may hold tokens: only the method and URL are sent.
    requestDataOptions: { allowedHeaders: ["user-agent", "content-type"], allowedSearchParams: /^$/ },
  });
  if (userId) sentry.setUser({ id: userId });
  if (tags) sentry.setTags(tags);
  sentry.captureException(error);
}
