/**
 * Standard Webhooks verification for the local receiver, written from the spec (standardwebhooks.com) with
 * Node's crypto rather than the API's own signing code, so that it checks the API instead of agreeing with it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** How far `webhook-timestamp` may be from the receiver's clock, as the spec recommends. */
export const TOLERANCE_SECONDS = 5 * 60;

/** The key bytes of a `whsec_` secret: base64 after the prefix, as the spec serialises it. */
export function secretKey(secret) {
  if (!secret.startsWith("whsec_"))
    throw new Error("A secret starts with whsec_ (as shown when the endpoint was created)");
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  if (key.length < 24) throw new Error("A secret holds at least 24 bytes");
  return key;
}

/**
 * Which key (1-based) signed the request and how many signatures it carried, or `{ error }` when a header is
 * missing, the timestamp is stale or no v1 signature matches. `body` is the raw bytes received.
 */
export function verifyWebhook(keys, headers, body, nowSeconds = Math.floor(Date.now() / 1000)) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures)
    return { error: "missing webhook-id, webhook-timestamp or webhook-signature" };
  if (!/^\d+$/.test(timestamp)) return { error: "webhook-timestamp is not Unix seconds" };
  const skew = nowSeconds - Number(timestamp);
  if (Math.abs(skew) > TOLERANCE_SECONDS)
    return { error: `timestamp ${skew} s off (tolerance ${TOLERANCE_SECONDS} s)` };
  const offered = signatures
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => Buffer.from(entry.slice(3), "base64"));
  for (const [index, key] of keys.entries()) {
    const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
    if (
      offered.some(
        (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
      )
    ) {
      return { secret: index + 1, signatures: offered.length };
    }
  }
  return { error: "no signature matches the secret(s) given" };
}
