import { describe, expect, it } from "vitest";
import {
  createWebhookSecret,
  PREVIOUS_SECRET_GRACE_MS,
  rotateWebhookSecret,
  sealWebhookSecret,
  signingSecrets,
} from "../../src/webhooks/secret-store";

const aesKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const config = { TOKEN_ENCRYPTION_KEY: aesKey(), TOKEN_ENCRYPTION_PREVIOUS_KEYS: [] };
const at = (iso: string) => new Date(iso);

describe("webhook secret storage", () => {
  it("stores an envelope that does not contain the secret and opens back to it", async () => {
    const { secret, stored } = await createWebhookSecret(config, "wh_1");
    expect(secret).toMatch(/^whsec_/);
    expect(stored.secretCiphertext).not.toContain(secret.slice(6));
    expect(stored.secretCiphertext).toMatch(/^v1\./);
    expect(await signingSecrets(config, "wh_1", stored, at("2026-11-29T10:00:00Z"))).toEqual([secret]);
  });

  it("does not open an envelope copied to another endpoint's row, and says so without the envelope", async () => {
    const { stored } = await createWebhookSecret(config, "wh_1");
    const opening = signingSecrets(config, "wh_2", stored, new Date());
    await expect(opening).rejects.toThrow("webhook endpoint wh_2 cannot be decrypted");
    await expect(opening).rejects.not.toThrow(stored.secretCiphertext);
  });

  it("still opens after the encryption key is rotated, while the old key is listed as previous", async () => {
    const { secret, stored } = await createWebhookSecret(config, "wh_1");
    const rotated = {
      TOKEN_ENCRYPTION_KEY: aesKey(),
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: [config.TOKEN_ENCRYPTION_KEY],
    };
    expect(await signingSecrets(rotated, "wh_1", stored, new Date())).toEqual([secret]);
    const forgotten = { ...rotated, TOKEN_ENCRYPTION_PREVIOUS_KEYS: [] };
    await expect(signingSecrets(forgotten, "wh_1", stored, new Date())).rejects.toThrow(
      /cannot be decrypted/,
    );
  });

  it("signs with the new and the previous secret for 24 hours after a rotation, then the new one only", async () => {
    const created = await createWebhookSecret(config, "wh_1");
    const rotatedAt = at("2026-11-29T10:00:00Z");
    const { secret, stored } = await rotateWebhookSecret(config, "wh_1", created.stored, rotatedAt);
    expect(secret).not.toBe(created.secret);
    expect(stored.previousSecretExpiresAt).toEqual(new Date(rotatedAt.getTime() + PREVIOUS_SECRET_GRACE_MS));
    const justBefore = new Date(rotatedAt.getTime() + PREVIOUS_SECRET_GRACE_MS - 1);
    expect(await signingSecrets(config, "wh_1", stored, justBefore)).toEqual([secret, created.secret]);
    expect(await signingSecrets(config, "wh_1", stored, stored.previousSecretExpiresAt!)).toEqual([secret]);
  });

  it("keeps only the last two secrets when rotated twice within the grace period", async () => {
    const first = await createWebhookSecret(config, "wh_1");
    const second = await rotateWebhookSecret(config, "wh_1", first.stored, at("2026-11-29T10:00:00Z"));
    const third = await rotateWebhookSecret(config, "wh_1", second.stored, at("2026-11-29T11:00:00Z"));
    const secrets = await signingSecrets(config, "wh_1", third.stored, at("2026-11-29T12:00:00Z"));
    expect(secrets).toEqual([third.secret, second.secret]);
  });

  it("encrypts the same secret differently each time (random IV)", async () => {
    const { secret } = await createWebhookSecret(config, "wh_1");
    const [a, b] = await Promise.all([1, 2].map(() => sealWebhookSecret(config, "wh_1", secret)));
    expect(a).not.toBe(b);
  });
});
