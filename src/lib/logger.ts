type Level = "debug" | "info" | "warn" | "error";

/** Fields never written to logs (nor sent to Sentry), whatever a caller passes. */
export const REDACTED_KEYS = /token|secret|password|authorization|cookie|api_?key|code_verifier/i;

/** Writes one structured JSON line; Workers Logs indexes the fields. Secrets are redacted by key name. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const entry: Record<string, unknown> = { level, message, time: new Date().toISOString() };
  for (const [key, value] of Object.entries(fields)) {
    entry[key] = REDACTED_KEYS.test(key) ? "[redacted]" : value;
  }
  const line = JSON.stringify(entry);
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** Serialises an unknown thrown value for a log line (message and stack, no enumerable payloads). */
export function describeError(error: unknown): { error_name: string; error_message: string; stack?: string } {
  if (error instanceof Error) {
    return {
      error_name: error.name,
      error_message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { error_name: "NonError", error_message: String(error) };
}
