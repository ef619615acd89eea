import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  isWebhookSecret,
  newMessageId,
  signatureFor,
  signWebhook,
} from "../../src/webhooks/signature";
import { specVerify } from "../helpers/webhooks";

const body = JSON.stringify({
  type: "job.completed",
  timestamp: "2026-11-29T10:15:30.000Z",
  data: { job_id: "0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11", filename: "Le Petit Prince — édition.pdf" },
});
const now = () => Math.floor(Date.now() / 1000);

describe("webhook secrets", () => {
  it("are whsec_ + standard base64 of 32 random bytes by default, and never repeat", () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateWebhookSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(atob(secret.slice(6))).toHaveLength(32);
      expect(isWebhookSecret(secret)).toBe(true);
    }
  });

  it("hold 24 to 64 bytes as the spec requires", () => {
    expect(atob(generateWebhookSecret(24).slice(6))).toHaveLength(24);
    expect(() => generateWebhookSecret(16)).toThrow(RangeError);
    expect(() => generateWebhookSecret(65)).toThrow(RangeError);
    expect(isWebhookSecret(`whsec_${btoa("x".repeat(16))}`)).toBe(false);
    expect(isWebhookSecret(btoa("x".repeat(32)))).toBe(false);
    expect(isWebhookSecret("whsec_not base64!")).toBe(false);
  });

  it("refuse a malformed secret without quoting it", async () => {
    const leaked = `whsec_${btoa("short-secret-value")}`;
    const signing = signatureFor(leaked, "msg_1", now(), body);
    await expect(signing).rejects.toThrow(/whsec_/);
    await expect(signing).rejects.not.toThrow(leaked.slice(6));
  });
});

describe("signWebhook", () => {
  it("produces headers an independent verifier written from the spec accepts", async () => {
    const secret = generateWebhookSecret();
    const headers = await signWebhook({ id: newMessageId(), timestamp: now(), body, secrets: [secret] });
    expect(headers["webhook-id"]).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
    expect(headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(await specVerify(secret, headers, body)).toBe(true);
  });

  it("produces headers the official standardwebhooks verifier accepts, and it returns the payload", async () => {
    const secret = generateWebhookSecret();
    const headers = await signWebhook({ id: newMessageId(), timestamp: now(), body, secrets: [secret] });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it("matches the official library's own signature byte for byte", async () => {
    const secret = generateWebhookSecret();
    const timestamp = now();
    const ours = await signatureFor(secret, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp, body);
    expect(ours).toBe(
      new Webhook(secret).sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", new Date(timestamp * 1000), body),
    );
  });

  it("fails verification when a single byte of the body, the id or the timestamp changes", async () => {
    const secret = generateWebhookSecret();
    const headers = await signWebhook({ id: "msg_abc", timestamp: now(), body, secrets: [secret] });
    expect(await specVerify(secret, headers, body.replace("Prince", "prince"))).toBe(false);
    expect(await specVerify(secret, { ...headers, "webhook-id": "msg_abd" }, body)).toBe(false);
    const shifted = { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) - 1) };
    expect(await specVerify(secret, shifted, body)).toBe(false);
    expect(await specVerify(generateWebhookSecret(), headers, body)).toBe(false);
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow(/No matching signature/);
  });

  it("sends two signatures during a rotation, each verifiable with its own secret alone", async () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = await signWebhook({
      id: newMessageId(),
      timestamp: now(),
      body,
      secrets: [current, previous],
    });
    const signatures = headers["webhook-signature"].split(" ");
    expect(signatures).toHaveLength(2);
    expect(signatures[0]).not.toBe(signatures[1]);
    for (const secret of [current, previous]) {
      expect(await specVerify(secret, headers, body)).toBe(true);
      expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    }
  });

  it("is refused by the official verifier when the attempt's timestamp is older than five minutes", async () => {
    const secret = generateWebhookSecret();
    const headers = await signWebhook({ id: "msg_old", timestamp: now() - 301, body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow(/too old/);
  });

  it("refuses ids and timestamps that would make the signed content ambiguous", async () => {
    const secrets = [generateWebhookSecret()];
    await expect(signWebhook({ id: "msg.1", timestamp: now(), body, secrets })).rejects.toThrow(/webhook id/);
    await expect(signWebhook({ id: "msg_1", timestamp: 1.5, body, secrets })).rejects.toThrow(/timestamp/);
    await expect(signWebhook({ id: "msg_1", timestamp: now(), body, secrets: [] })).rejects.toThrow(/secret/);
  });
});
