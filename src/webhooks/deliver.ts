import { parseRetryAfter } from "./retry-schedule";

/** Names the sender in receivers' logs. */
export const WEBHOOK_USER_AGENT = "FrenchNovelTool-Webhooks/1.0";
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Enough of a receiver's answer to show in the delivery log; the rest is never read. */
export const RESPONSE_SNIPPET_BYTES = 4096;

export interface DeliveryRequest {
  url: string;
  /** The signed body, sent byte for byte. */
  body: string;
  /** The signature headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`). */
  headers: Record<string, string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface DeliveryOutcome {
  /** A 2xx answer: delivered. */
  ok: boolean;
  /** The receiver's HTTP status; null when none came (timeout, connection failure). */
  status: number | null;
  durationMs: number;
  /** The first few KiB of the answer, as text. */
  responseSnippet: string;
  /** What a 429 or 503 asked for in `Retry-After`. */
  retryAfterSeconds?: number;
  /** 410 Gone: the receiver asks never to be called again. */
  gone: boolean;
  error?: string;
}

/** Reads at most `limit` bytes of a body, then cancels the stream so the rest is never downloaded. */
async function readSnippet(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const piece = value.subarray(0, limit - size);
      chunks.push(piece);
      size += piece.length;
    }
  } catch {
    // A body cut short (timeout, reset) still shows what arrived; the status already decided the outcome.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  // `stream: true` drops a multi-byte character cut at the limit instead of showing a replacement mark.
  return new TextDecoder().decode(bytes, { stream: true });
}

function failureMessage(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `No answer within ${timeoutMs} ms`;
  }
  // The runtime's message only ("Network connection lost."): it names no secret, unlike the request.
  const message = error instanceof Error ? error.message : String(error);
  return `Request failed: ${message.slice(0, 200)}`;
}

/**
 * One attempt to deliver a signed webhook: a POST that follows no redirect (a 3xx is a failure: the endpoint
 * should be updated), gives up after `timeoutMs`, and reads only the first few KiB of the answer.
 * It never throws; every outcome is data for the delivery log and the retry decision.
 */
export async function deliver({
  url,
  body,
  headers,
  timeoutMs = DELIVERY_TIMEOUT_MS,
  fetch: fetchImpl = fetch,
}: DeliveryRequest): Promise<DeliveryOutcome> {
  const started = Date.now();
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      body,
      headers: { ...headers, "content-type": "application/json", "user-agent": WEBHOOK_USER_AGENT },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const outcome = { ok: false, status: null, responseSnippet: "", gone: false };
    return { ...outcome, durationMs: Date.now() - started, error: failureMessage(error, timeoutMs) };
  }
  const { status } = response;
  const responseSnippet = await readSnippet(response.body, RESPONSE_SNIPPET_BYTES);
  const outcome: DeliveryOutcome = {
    ok: status >= 200 && status < 300,
    status,
    durationMs: Date.now() - started,
    responseSnippet,
    gone: status === 410,
  };
  if (status === 429 || status === 503) {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    if (retryAfter !== undefined) outcome.retryAfterSeconds = retryAfter;
  }
  if (status >= 300 && status < 400) outcome.error = `Redirect (HTTP ${status}) not followed; update the URL`;
  return outcome;
}
