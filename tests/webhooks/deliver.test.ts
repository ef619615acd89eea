import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { deliver, RESPONSE_SNIPPET_BYTES, WEBHOOK_USER_AGENT } from "../../src/webhooks/deliver";
import { network } from "../helpers/network";

const URL_ = "https://hooks.example.com/fnt";
const body = JSON.stringify({ type: "webhook.test", timestamp: "2026-11-29T10:15:30.000Z", data: {} });
const headers = { "webhook-id": "msg_1", "webhook-timestamp": "1795947330", "webhook-signature": "v1,abc=" };

/** The receiver answers with `reply`; what it was sent is kept. */
function receiver(reply: () => Response) {
  const received: { method: string; headers: Headers; body: string }[] = [];
  network.use(
    http.post(URL_, async ({ request }) => {
      received.push({ method: request.method, headers: request.headers, body: await request.text() });
      return reply();
    }),
  );
  return received;
}

describe("deliver", () => {
  it("POSTs the signed body as JSON with the signature headers and our User-Agent; 2xx is delivered", async () => {
    const received = receiver(() => new HttpResponse("thanks", { status: 202 }));
    const outcome = await deliver({ url: URL_, body, headers });
    expect(outcome).toMatchObject({ ok: true, status: 202, responseSnippet: "thanks", gone: false });
    expect(outcome.error).toBeUndefined();
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    const [request] = received;
    expect(request?.method).toBe("POST");
    expect(request?.body).toBe(body);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("user-agent")).toBe(WEBHOOK_USER_AGENT);
    expect(request?.headers.get("webhook-id")).toBe("msg_1");
    expect(request?.headers.get("webhook-signature")).toBe("v1,abc=");
  });

  it.each([301, 302, 307, 308])(
    "does not follow a %s redirect and counts it as a failure",
    async (status) => {
      receiver(
        () => new HttpResponse(null, { status, headers: { location: "https://elsewhere.example.com/" } }),
      );
      const followed: string[] = [];
      network.use(
        http.all("https://elsewhere.example.com/", ({ request }) => void followed.push(request.url)),
      );
      const outcome = await deliver({ url: URL_, body, headers });
      expect(outcome).toMatchObject({ ok: false, status, gone: false });
      expect(outcome.error).toMatch(/Redirect .* not followed/);
      expect(followed).toEqual([]);
    },
  );

  it("reports 410 Gone so the endpoint can be disabled", async () => {
    receiver(() => new HttpResponse("unsubscribed", { status: 410 }));
    expect(await deliver({ url: URL_, body, headers })).toMatchObject({ ok: false, status: 410, gone: true });
  });

  it("reads Retry-After on 429 (seconds) and on 503 (an HTTP date)", async () => {
    receiver(() => new HttpResponse(null, { status: 429, headers: { "retry-after": "120" } }));
    expect(await deliver({ url: URL_, body, headers })).toMatchObject({
      status: 429,
      retryAfterSeconds: 120,
    });
    const inAnHour = new Date(Date.now() + 3600_000).toUTCString();
    receiver(() => new HttpResponse(null, { status: 503, headers: { "retry-after": inAnHour } }));
    const outcome = await deliver({ url: URL_, body, headers });
    expect(outcome.retryAfterSeconds).toBeGreaterThan(3590);
    expect(outcome.retryAfterSeconds).toBeLessThanOrEqual(3600);
  });

  it("ignores Retry-After on other failures and when unreadable", async () => {
    receiver(() => new HttpResponse(null, { status: 500, headers: { "retry-after": "60" } }));
    expect((await deliver({ url: URL_, body, headers })).retryAfterSeconds).toBeUndefined();
    receiver(() => new HttpResponse(null, { status: 429, headers: { "retry-after": "soon" } }));
    expect((await deliver({ url: URL_, body, headers })).retryAfterSeconds).toBeUndefined();
  });

  it("gives up when the receiver does not answer within the timeout", async () => {
    const hang: typeof fetch = (_, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    const outcome = await deliver({ url: URL_, body, headers, timeoutMs: 20, fetch: hang });
    expect(outcome).toEqual({
      ok: false,
      status: null,
      durationMs: expect.any(Number),
      responseSnippet: "",
      gone: false,
      error: "No answer within 20 ms",
    });
  });

  it("records a connection failure with the runtime's message", async () => {
    network.use(http.post(URL_, () => HttpResponse.error()));
    const outcome = await deliver({ url: URL_, body, headers });
    expect(outcome).toMatchObject({ ok: false, status: null, gone: false });
    expect(outcome.error).toMatch(/^Request failed: /);
  });

  it("reads a 1 MB answer only up to the snippet cap, then cancels the stream", async () => {
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let pulled = 0;
    let cancelled = false;
    const huge = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled * chunk.length >= 1024 * 1024) return controller.close();
        pulled++;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const outcome = await deliver({ url: URL_, body, headers, fetch: async () => new Response(huge) });
    expect(outcome.ok).toBe(true);
    expect(outcome.responseSnippet).toBe("x".repeat(RESPONSE_SNIPPET_BYTES));
    expect(pulled * chunk.length).toBeLessThan(64 * 1024);
    expect(cancelled).toBe(true);
  });

  it("does not cut a multi-byte character in half at the cap", async () => {
    const text = `${"a".repeat(RESPONSE_SNIPPET_BYTES - 1)}é and more`;
    receiver(() => new HttpResponse(text, { status: 500 }));
    expect((await deliver({ url: URL_, body, headers })).responseSnippet).toBe(
      "a".repeat(RESPONSE_SNIPPET_BYTES - 1),
    );
  });
});
