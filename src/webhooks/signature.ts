import { fromBase64, randomBytes, toBase64Url } from "../auth/encoding";

/**
 * Standard Webhooks signing (standardwebhooks.com, symmetric scheme): the secret is `whsec_` + base64 of
 * 24 to 64 random bytes; each request carries `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature`, a space-separated list of `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per
 * secret still signing (two while a rotated secret's grace period runs).
 */

const SECRET_PREFIX = "whsec_";
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
/** Imported keys kept per isolate; bounded because every endpoint has its own secret. */
const KEY_CACHE_LIMIT = 256;

export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export interface SignInput {
  /** Stable across retries of one event to one endpoint: receivers use it to drop duplicates. */
  id: string;
  /** The attempt's time in Unix seconds (receivers refuse it when more than a few minutes off). */
  timestamp: number;
  /** The exact bytes sent: the signature covers this string, so it must not be serialised again. */
  body: string;
  /** Current secret first, then a rotated one still in its grace period. */
  secrets: readonly string[];
}

const keyCache = new Map<string, Promise<CryptoKey>>();

/** Standard base64 with padding, the alphabet the spec and its published verifiers use. */
function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** The raw key bytes of a `whsec_` secret; the error never quotes the secret. */
function secretBytes(secret: string): Uint8Array {
  let bytes: Uint8Array | null = null;
  if (secret.startsWith(SECRET_PREFIX)) {
    try {
      bytes = fromBase64(secret.slice(SECRET_PREFIX.length));
    } catch {
      bytes = null;
    }
  }
  if (!bytes || bytes.length < MIN_SECRET_BYTES || bytes.length > MAX_SECRET_BYTES) {
    throw new Error(
      `A webhook secret is "${SECRET_PREFIX}" + base64 of ${MIN_SECRET_BYTES}-${MAX_SECRET_BYTES} bytes`,
    );
  }
  return bytes;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  const cached = keyCache.get(secret);
  if (cached) {
    // Re-inserted so the map's order is least recently used first.
    keyCache.delete(secret);
    keyCache.set(secret, cached);
    return cached;
  }
  const key = crypto.subtle.importKey("raw", secretBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  keyCache.set(secret, key);
  if (keyCache.size > KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
  return key;
}

/** A new endpoint secret: `whsec_` + base64 of `byteLength` random bytes (24 to 64, default 32). */
export function generateWebhookSecret(byteLength = 32): string {
  if (!Number.isInteger(byteLength) || byteLength < MIN_SECRET_BYTES || byteLength > MAX_SECRET_BYTES) {
    throw new RangeError(`A webhook secret has ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes`);
  }
  return SECRET_PREFIX + toBase64(randomBytes(byteLength));
}

/** True when `value` has the shape of a webhook secret (prefix, base64, 24 to 64 bytes). */
export function isWebhookSecret(value: string): boolean {
  try {
    secretBytes(value);
    return true;
  } catch {
    return false;
  }
}

/** A new message id, `msg_` + 128 random bits in base64url: no `.`, which would blur the signed content. */
export function newMessageId(): string {
  return `msg_${toBase64Url(randomBytes(16))}`;
}

/** One `v1,<base64>` signature of `id.timestamp.body` under `secret`. */
export async function signatureFor(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), signed);
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/** The three Standard Webhooks headers of one attempt, signed with every secret given. */
export async function signWebhook({ id, timestamp, body, secrets }: SignInput): Promise<WebhookHeaders> {
  // The spec forbids `.` in the id and timestamp: "a.b" + "c" and "a" + "b.c" must not sign the same bytes.
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(id))
    throw new Error("A webhook id is 1-128 characters of [A-Za-z0-9_-]");
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new Error("A webhook timestamp is Unix seconds");
  if (secrets.length === 0) throw new Error("A webhook is signed with at least one secret");
  const signatures = await Promise.all(secrets.map((secret) => signatureFor(secret, id, timestamp, body)));
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signatures.join(" "),
  };
}
