import type { Breadcrumb, ErrorEvent } from "@sentry/cloudflare";
import { REDACTED_KEYS } from "./logger";

/** Request headers an event may keep: they say which client failed and carry no credentials. */
const KEPT_HEADERS = new Set(["user-agent", "content-type", "x-request-id"]);

/** Secrets that can hide inside any text: bearer tokens, JWTs, API keys, Google keys, URL query strings. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bBearer\s+[\w.~+/=-]+/gi, "Bearer [redacted]"],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, "[redacted jwt]"],
  [/\bfnt_[\w-]+/g, "fnt_[redacted]"],
  [/\bAIza[\w-]{20,}/g, "[redacted google key]"],
  [/(https?:\/\/[^\s?#"'<>]+)\?[^\s#"'<>]*/g, "$1?[redacted]"],
];

const MAX_DEPTH = 8;

/** Replaces every secret pattern in a string. */
function redactText(text: string): string {
  return SECRET_PATTERNS.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}

/** Copies a value with secret-named keys blanked and secret patterns removed from every string. */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      REDACTED_KEYS.test(key) ? "[redacted]" : redactDeep(item, depth + 1),
    ]),
  );
}

/**
 * Sentry's `beforeSend`: the request keeps its method, its URL without the query and a few harmless headers;
 * the user keeps only an id; every other string loses what looks like a secret. The SDK is already told not to
 * collect bodies, cookies or query strings: this is the second line, for what code attaches by itself.
 */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  const { request, user, sdkProcessingMetadata: _metadata, ...rest } = event;
  const scrubbed = redactDeep(rest) as ErrorEvent;
  if (request) {
    const headers = Object.entries(request.headers ?? {}).filter(([name]) =>
      KEPT_HEADERS.has(name.toLowerCase()),
    );
    scrubbed.request = {
      ...(request.method ? { method: request.method } : {}),
      ...(request.url ? { url: request.url.split(/[?#]/)[0] } : {}),
      headers: Object.fromEntries(headers),
    };
  }
  if (user?.id !== undefined) scrubbed.user = { id: user.id };
  return scrubbed;
}

/** Sentry's `beforeBreadcrumb`: URLs lose their query, messages and data lose what looks like a secret. */
export function scrubBreadcrumb(breadcrumb: Breadcrumb): Breadcrumb {
  return redactDeep(breadcrumb) as Breadcrumb;
}
