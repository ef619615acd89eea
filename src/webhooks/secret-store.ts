import { decryptSecret, encryptSecret } from "../auth/token-cipher";
import type { Config } from "../config";
import { generateWebhookSecret } from "./signature";

type CipherConfig = Pick<Config, "TOKEN_ENCRYPTION_KEY" | "TOKEN_ENCRYPTION_PREVIOUS_KEYS">;

/** How long a rotated secret keeps signing beside the new one, so receivers can switch without a gap. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/** An endpoint's secrets as stored: AES-256-GCM envelopes, never the secrets themselves. */
export interface StoredSecrets {
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * Bound as additional data: an envelope copied to another endpoint's row does not decrypt. Both slots share
 * it so a rotation moves the current envelope to the previous slot without decrypting it.
 */
const contextOf = (endpointId: string) => `webhook-secret:${endpointId}`;

/** Encrypts a secret for the endpoint's row. */
export function sealWebhookSecret(config: CipherConfig, endpointId: string, secret: string): Promise<string> {
  return encryptSecret(config, secret, contextOf(endpointId));
}

async function open(config: CipherConfig, endpointId: string, envelope: string): Promise<string> {
  const secret = await decryptSecret(config, envelope, contextOf(endpointId));
  // Names the endpoint, never the envelope: a key missing from TOKEN_ENCRYPTION_PREVIOUS_KEYS lands here.
  if (secret === null)
    throw new Error(`The signing secret of webhook endpoint ${endpointId} cannot be decrypted`);
  return secret;
}

/** A new endpoint's secret in clear (shown once) and the envelope to store. */
export async function createWebhookSecret(
  config: CipherConfig,
  endpointId: string,
): Promise<{ secret: string; stored: StoredSecrets }> {
  const secret = generateWebhookSecret();
  const secretCiphertext = await sealWebhookSecret(config, endpointId, secret);
  return {
    secret,
    stored: { secretCiphertext, previousSecretCiphertext: null, previousSecretExpiresAt: null },
  };
}

/**
 * Replaces the secret: the new one (in clear, shown once) signs from now on and the current one keeps
 * signing beside it for 24 hours. A second rotation within that window drops the oldest secret.
 */
export async function rotateWebhookSecret(
  config: CipherConfig,
  endpointId: string,
  current: StoredSecrets,
  now: Date,
): Promise<{ secret: string; stored: StoredSecrets }> {
  const secret = generateWebhookSecret();
  return {
    secret,
    stored: {
      secretCiphertext: await sealWebhookSecret(config, endpointId, secret),
      previousSecretCiphertext: current.secretCiphertext,
      previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS),
    },
  };
}

/** The secrets that sign an attempt made at `now`: the current one, then the previous one while it is valid. */
export async function signingSecrets(
  config: CipherConfig,
  endpointId: string,
  stored: StoredSecrets,
  now: Date,
): Promise<string[]> {
  const secrets = [await open(config, endpointId, stored.secretCiphertext)];
  const { previousSecretCiphertext, previousSecretExpiresAt } = stored;
  if (previousSecretCiphertext && previousSecretExpiresAt && now < previousSecretExpiresAt) {
    secrets.push(await open(config, endpointId, previousSecretCiphertext));
  }
  return secrets;
}
