/**
 * A quoted opaque tag naming one representation: the first 16 bytes of the SHA-256 of `parts` (joined by
 * newlines), in hex, so that what identifies it (ids, versions, the query) never shows in the header.
 */
export async function digestTag(parts: readonly (string | number)[]): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join("\n")));
  const hex = Array.from(new Uint8Array(digest).subarray(0, 16), (byte) =>
    byte.toString(16).padStart(2, "0"),
  );
  return `"${hex.join("")}"`;
}

/** `If-None-Match` against a tag, with the weak comparison RFC 9110 (13.1.2) asks for; `*` matches any. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => opaque(tag) === opaque(etag));
}
