/** Encodes bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes base64 or base64url (padded or not) into bytes. */
export function fromBase64(value: string): Uint8Array {
  const standard = value.replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(atob(standard), (ch) => ch.charCodeAt(0));
}

/** `count` cryptographically random bytes. */
export function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** A random opaque token: `count` bytes, base64url. */
export function randomToken(count = 32): string {
  return toBase64Url(randomBytes(count));
}

/** SHA-256 of a string or bytes, as base64url. */
export async function sha256(input: string | Uint8Array): Promise<string> {
  const data = typeof input === "string" ? new TextEncoder().encode(input) : input;
  return toBase64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", data)));
}

/** A short, stable, non-secret identifier of a key: the first 16 characters of its SHA-256. */
export async function keyFingerprint(key: string | Uint8Array): Promise<string> {
  return (await sha256(key)).slice(0, 16);
}
