import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { backoffSeconds } from "../../../src/engines/gemini/errors";
import type { GeminiGateClient } from "../../../src/engines/gemini/gate-policy";
import { JobError } from "../../../src/lib/job-error";
import {
  API_KEY,
  apiError,
  fakeGate,
  fakeGemini,
  goodAnswer,
  LONG_A,
  MODEL,
  reply,
  SETTINGS,
  sources,
  testEngine,
} from "../../helpers/gemini";
import { network } from "../../helpers/network";

const RETRY_INFO = { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "17s" };

async function failure(promise: Promise<unknown>): Promise<JobError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(JobError);
  return error as JobError;
}

describe("gemini engine: upstream errors", () => {
  it("429 RESOURCE_EXHAUSTED is retryable and honours RetryInfo.retryDelay", async () => {
    network.use(fakeGemini(() => apiError(429, "RESOURCE_EXHAUSTED", [RETRY_INFO])).handler);
    const { gate, outcomes } = fakeGate(1);
    const error = await failure(testEngine({ gate }).rewrite(sources(LONG_A), SETTINGS));
    expect(error).toMatchObject({ code: "GEMINI_UNAVAILABLE", retryable: true, deferred: false });
    expect(error.retryAfterSeconds).toBe(17);
    expect(outcomes).toEqual(["failure"]);
  });

  it("503 is retryable with an exponential backoff over the gate's consecutive failures", async () => {
    network.use(fakeGemini(() => apiError(503, "UNAVAILABLE")).handler);
    const error = await failure(testEngine({ gate: fakeGate(4).gate }).rewrite(sources(LONG_A), SETTINGS));
    expect(error).toMatchObject({ code: "GEMINI_UNAVAILABLE", retryable: true });
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(8);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(24);
  });

  it("a call over GEMINI_TIMEOUT_MS is aborted and retryable", async () => {
    network.use(
      fakeGemini(async (body) => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return reply(goodAnswer(body));
      }).handler,
    );
    const { gate, outcomes } = fakeGate();
    const error = await failure(testEngine({ gate, timeoutMs: 50 }).rewrite(sources(LONG_A), SETTINGS));
    expect(error).toMatchObject({ code: "GEMINI_UNAVAILABLE", retryable: true });
    expect(error.message).toContain("timed out");
    expect(outcomes).toEqual(["failure"]);
  });

  it.each([
    [400, "INVALID_ARGUMENT", [], "GEMINI_REQUEST_INVALID"],
    [400, "INVALID_ARGUMENT", [{ reason: "API_KEY_INVALID" }], "GEMINI_AUTH"],
    [401, "UNAUTHENTICATED", [], "GEMINI_AUTH"],
    [403, "PERMISSION_DENIED", [], "GEMINI_AUTH"],
    [404, "NOT_FOUND", [], "GEMINI_MODEL_NOT_FOUND"],
  ])("%i %s %j → %s, not retryable, not a breaker failure", async (status, name, details, code) => {
    network.use(fakeGemini(() => apiError(status, name, details)).handler);
    const { gate, outcomes } = fakeGate();
    const error = await failure(testEngine({ gate }).rewrite(sources(LONG_A), SETTINGS));
    expect(error).toMatchObject({ code, retryable: false });
    expect(outcomes).toEqual(["success"]);
    expect(`${error.message} ${String(error.cause)}`).not.toContain(API_KEY);
  });

  it("states auth and model errors as configuration problems", async () => {
    network.use(fakeGemini(() => apiError(404, "NOT_FOUND")).handler);
    const error = await failure(testEngine().rewrite(sources(LONG_A), SETTINGS));
    expect(error.message).toContain(MODEL);
    expect(error.message).toContain("configuration");
  });

  it("a network failure is retryable", async () => {
    network.use(fakeGemini(() => HttpResponse.error()).handler);
    const error = await failure(testEngine().rewrite(sources(LONG_A), SETTINGS));
    expect(error).toMatchObject({ code: "GEMINI_UNAVAILABLE", retryable: true });
  });

  it("a cancelled job rejects with the caller's reason and is not a breaker failure", async () => {
    network.use(
      fakeGemini(async (body) => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return reply(goodAnswer(body));
      }).handler,
    );
    const { gate, outcomes } = fakeGate();
    const controller = new AbortController();
    const pending = testEngine({ gate }).rewrite(sources(LONG_A), SETTINGS, controller.signal);
    setTimeout(() => controller.abort(new Error("job cancelled")), 20);
    await expect(pending).rejects.toThrow("job cancelled");
    expect(outcomes).toEqual(["success"]);
  });
});

describe("gemini engine: gate refusals", () => {
  /** Refuses `times` times with a wait of `waitMs`, given in whole seconds too, as the gate's policy does. */
  function refusingGate(waitMs: number, times: number): GeminiGateClient & { asked: number } {
    const gate = {
      asked: 0,
      acquire: async () => {
        gate.asked++;
        return gate.asked <= times
          ? { granted: false as const, retryAfterSeconds: Math.ceil(waitMs / 1000), retryAfterMs: waitMs }
          : { granted: true as const, permitId: "p" };
      },
      release: async () => ({ consecutiveFailures: 0 }),
    };
    return gate;
  }

  it("a refusal longer than the wait budget defers the chunk without calling Gemini", async () => {
    const gate = refusingGate(30_000, 1);
    const error = await failure(testEngine({ gate }).rewrite(sources(LONG_A), SETTINGS));
    expect(error).toMatchObject({
      code: "GEMINI_UNAVAILABLE",
      retryable: true,
      deferred: true,
      retryAfterSeconds: 30,
    });
  });

  it("an unreachable gate is an outage to retry, not an unknown error", async () => {
    const gate: GeminiGateClient = {
      acquire: () => Promise.reject(new Error("Durable Object reset")),
      release: async () => ({ consecutiveFailures: 0 }),
    };
    const error = await failure(testEngine({ gate }).rewrite(sources(LONG_A), SETTINGS));
    expect(error).toMatchObject({ code: "GEMINI_UNAVAILABLE", retryable: true, deferred: false });
  });

  it("a short refusal is waited out in-process", async () => {
    network.use(fakeGemini((body) => reply(goodAnswer(body))).handler);
    const gate = refusingGate(50, 1);
    const result = await testEngine({ gate, maxGateWaitMs: 2_000 }).rewrite(sources(LONG_A), SETTINGS);
    expect(gate.asked).toBe(2);
    expect(result.usage.calls).toBe(1);
  });
});

describe("backoffSeconds", () => {
  it("doubles per consecutive failure, with jitter in [0.5, 1.5), capped at 300 s", () => {
    expect(backoffSeconds(1, () => 0.5)).toBe(2);
    expect(backoffSeconds(3, () => 0.5)).toBe(8);
    expect(backoffSeconds(3, () => 0)).toBe(4);
    expect(backoffSeconds(3, () => 0.99)).toBe(12);
    expect(backoffSeconds(20, () => 0.99)).toBe(300);
  });
});
