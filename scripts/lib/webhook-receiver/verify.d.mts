/** Types of the local webhook receiver's verifier, for the TypeScript tests that drive it. */

export declare const TOLERANCE_SECONDS: number;

export type Verdict = { secret: number; signatures: number; error?: undefined } | { error: string };

export declare function secretKey(secret: string): Uint8Array;

export declare function verifyWebhook(
  keys: readonly Uint8Array[],
  headers: Readonly<Record<string, string | undefined>>,
  body: string | Uint8Array,
  nowSeconds?: number,
): Verdict;
