import type { Config } from "../config";
import { fromBase64, keyFingerprint, randomBytes, toBase64Url } from "./encoding";

type CipherConfig = Pick<Config, "TOKEN_ENCRYPTION_KEY" | "TOKEN_ENCRYPTION_PREVIOUS_KEYS">;

interface CipherKey {
  kid: string;
  key: CryptoKey;
}

const VERSION = "v1";
const keyCache = new Map<string, Promise<CipherKey>>();

function cipherKey(base64Key: string): Promise<CipherKey> {
  let cached = keyCache.get(base64Key);
  if (!cached) {
    const raw = fromBase64(base64Key);
    cached = Promise.all([
      keyFingerprint(raw),
      crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]),
    ]).then(([kid, key]) => ({ kid, key }));
    keyCache.set(base64Key, cached);
  }
  return cached;
}

/**
 * Encrypts a secret with AES-256-GCM under the current key. The envelope `v1.<kid>.<iv>.<ciphertext>` names
 * its key so older keys can still decrypt after a rotation; `context` (e.g. the row and purpose) is bound as
 * additional data so a ciphertext copied to another row does not decrypt.
 */
export async function encryptSecret(
  config: CipherConfig,
  plaintext: string,
  context: string,
): Promise<string> {
  const { kid, key } = await cipherKey(config.TOKEN_ENCRYPTION_KEY);
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return [VERSION, kid, toBase64Url(iv), toBase64Url(new Uint8Array(ciphertext))].join(".");
}

/** Decrypts an envelope with the current or a previous key; null when no key fits or it was tampered with. */
export async function decryptSecret(
  config: CipherConfig,
  envelope: string,
  context: string,
): Promise<string | null> {
  const [version, kid, iv, ciphertext] = envelope.split(".");
  if (version !== VERSION || !kid || !iv || !ciphertext) return null;
  const keys = await Promise.all(
    [config.TOKEN_ENCRYPTION_KEY, ...config.TOKEN_ENCRYPTION_PREVIOUS_KEYS].map(cipherKey),
  );
  const match = keys.find((candidate) => candidate.kid === kid);
  if (!match) return null;
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv), additionalData: new TextEncoder().encode(context) },
      match.key,
      fromBase64(ciphertext),
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    return null;
  }
}
