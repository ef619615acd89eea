import { describe, expect, it } from "vitest";
import { secretKey, verifyWebhook } from "../../scripts/lib/webhook-receiver/verify.mjs";
import { generateWebhookSecret, newMessageId, signWebhook } from "../../src/webhooks/signature";

const body = JSON.stringify({ type: "job.completed", timestamp: "2026-11-29T10:00:00.000Z", data: {} });
// The receiver's clock in the tolerance checks is this same instant: the file may load seconds before it runs.
const now = Math.floor(Date.now() / 1000);

async function signed(secrets: string[], timestamp = now) {
  return { ...(await signWebhook({ id: newMessageId(), timestamp, body, secrets })) };
}

/** The local receiver (`npm run webhook-receiver`) accepts what the API signs, and nothing else. */
describe("the local webhook receiver's verifier", () => {
  it("accepts the API's signature, and names the secret that matched during a rotation", async () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = await signed([current, previous]);
    expect(verifyWebhook([secretKey(current)], headers, body)).toEqual({ secret: 1, signatures: 2 });
    expect(verifyWebhook([secretKey(generateWebhookSecret()), secretKey(previous)], headers, body)).toEqual({
      secret: 2,
      signatures: 2,
    });
    expect(verifyWebhook([secretKey(current)], headers, new TextEncoder().encode(body))).toMatchObject({
      secret: 1,
    });
  });

  it("refuses another secret, a changed body, a stale or future timestamp, and missing headers", async () => {
    const secret = generateWebhookSecret();
    const keys = [secretKey(secret)];
    const headers = await signed([secret]);
    expect(verifyWebhook([secretKey(generateWebhookSecret())], headers, body).error).toMatch(/no signature/);
    expect(verifyWebhook(keys, headers, body.replace("job", "jab")).error).toMatch(/no signature/);
    expect(verifyWebhook(keys, { ...headers, "webhook-id": newMessageId() }, body).error).toMatch(
      /no signature/,
    );
    expect(verifyWebhook(keys, await signed([secret], now - 301), body, now).error).toMatch(/tolerance/);
    expect(verifyWebhook(keys, await signed([secret], now + 301), body, now).error).toMatch(/tolerance/);
    expect(verifyWebhook(keys, { ...headers, "webhook-signature": undefined }, body).error).toMatch(
      /missing/,
    );
  });

  it("refuses a secret without its prefix or too short to be one", () => {
    expect(() => secretKey("not-a-secret")).toThrow(/whsec_/);
    expect(() => secretKey(`whsec_${btoa("short")}`)).toThrow(/24 bytes/);
  });
});
