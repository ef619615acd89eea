import type { Config } from "../../config";
import { ApiError } from "../../lib/errors";
import { DOWNLOAD_LINK_HOURS } from "./storage";

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** An HMAC key of its own for download links, derived from JWT_SECRET under a label (never the JWT key itself). */
function linkKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then((base) => crypto.subtle.sign("HMAC", base, encoder.encode("account-export-download-link")))
      .then((raw) =>
        crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]),
      );
    keys.set(secret, key);
  }
  return key;
}

const payload = (exportId: string, userId: string, expires: number) =>
  encoder.encode(`${exportId}.${userId}.${expires}`);
const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/** A download link for an export, valid DOWNLOAD_LINK_HOURS and only for its owner (the route also authenticates). */
export async function downloadLink(
  config: Pick<Config, "JWT_SECRET">,
  exportId: string,
  userId: string,
  now: number,
) {
  const expires = now + DOWNLOAD_LINK_HOURS * 60 * 60 * 1000;
  const signature = await crypto.subtle.sign(
    "HMAC",
    await linkKey(config.JWT_SECRET),
    payload(exportId, userId, expires),
  );
  const url = `/api/v1/account/exports/${exportId}/download?expires=${expires}&signature=${hex(signature)}`;
  return { url, expires_at: new Date(expires).toISOString() };
}

/** Checks a download link: a forged or another user's link is 404 (ids reveal nothing), an old one 410. */
export async function checkDownloadLink(
  config: Pick<Config, "JWT_SECRET">,
  link: { exportId: string; userId: string; expires: number; signature: string },
  now: number,
): Promise<void> {
  const bytes = /^[0-9a-f]{64}$/.test(link.signature)
    ? Uint8Array.from(link.signature.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16))
    : null;
  const valid =
    bytes !== null &&
    (await crypto.subtle.verify(
      "HMAC",
      await linkKey(config.JWT_SECRET),
      bytes,
      payload(link.exportId, link.userId, link.expires),
    ));
  if (!valid) throw new ApiError("NOT_FOUND", { detail: `No export ${link.exportId}.` });
  if (link.expires <= now) {
    throw new ApiError("DOWNLOAD_LINK_EXPIRED", {
      detail: "This download link has expired; ask for the export again to get a new one.",
    });
  }
}
