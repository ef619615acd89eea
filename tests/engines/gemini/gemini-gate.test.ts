import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  acquirePermit,
  emptyGateState,
  type GateLimits,
  type GatePermit,
  releasePermit,
} from "../../../src/engines/gemini/gate-policy";
import { GeminiGate, globalGeminiGate } from "../../../src/engines/gemini/gemini-gate";

const LIMITS: GateLimits = {
  maxConcurrency: 2,
  maxRpm: 3,
  permitTtlMs: 10_000,
  failureThreshold: 3,
  openMs: 30_000,
};

function granted(permit: GatePermit): string {
  if (!permit.granted) throw new Error(`refused for ${permit.retryAfterSeconds} s`);
  return permit.permitId;
}

describe("gate policy (injected clock)", () => {
  it("caps calls in flight, and a release frees a slot", () => {
    const state = emptyGateState();
    const first = granted(acquirePermit(state, LIMITS, 0, "a"));
    granted(acquirePermit(state, LIMITS, 0, "b"));
    expect(acquirePermit(state, LIMITS, 0, "c")).toEqual({
      granted: false,
      retryAfterSeconds: 1,
      retryAfterMs: 150,
    });
    releasePermit(state, LIMITS, 10, first, "success");
    expect(acquirePermit(state, LIMITS, 10, "c").granted).toBe(true);
  });

  it("caps requests per minute, refusing until the oldest grant is a minute old", () => {
    const state = emptyGateState();
    for (const [at, id] of [
      [0, "a"],
      [1_000, "b"],
      [2_000, "c"],
    ] as const) {
      releasePermit(state, LIMITS, at, granted(acquirePermit(state, LIMITS, at, id)), "success");
    }
    expect(acquirePermit(state, LIMITS, 20_000, "d")).toEqual({
      granted: false,
      retryAfterSeconds: 40,
      retryAfterMs: 40_000,
    });
    expect(acquirePermit(state, LIMITS, 60_001, "d").granted).toBe(true);
  });

  it("expires a permit its caller never released", () => {
    const state = emptyGateState();
    granted(acquirePermit(state, LIMITS, 0, "a"));
    granted(acquirePermit(state, LIMITS, 0, "b"));
    expect(acquirePermit(state, LIMITS, 9_999, "c").granted).toBe(false);
    expect(acquirePermit(state, LIMITS, 10_000, "c").granted).toBe(true);
    expect(releasePermit(state, LIMITS, 10_001, "a", "failure")).toEqual({ consecutiveFailures: 0 });
  });

  it("opens after N consecutive failures, lets one probe through after T, and closes on its success", () => {
    const state = emptyGateState();
    const limits = { ...LIMITS, maxRpm: 100 };
    for (let i = 1; i <= 3; i++) {
      const id = granted(acquirePermit(state, limits, 0, `f${i}`));
      expect(releasePermit(state, limits, 0, id, "failure")).toEqual({ consecutiveFailures: i });
    }
    expect(acquirePermit(state, limits, 1_000, "x")).toEqual({
      granted: false,
      retryAfterSeconds: 29,
      retryAfterMs: 29_000,
    });
    const probe = granted(acquirePermit(state, limits, 30_000, "probe"));
    expect(acquirePermit(state, limits, 30_000, "y")).toEqual({
      granted: false,
      retryAfterSeconds: 5,
      retryAfterMs: 5_000,
    });
    releasePermit(state, limits, 31_000, probe, "success");
    expect(state.openUntil).toBeNull();
    expect(acquirePermit(state, limits, 31_000, "z").granted).toBe(true);
  });

  it("reopens for T when the probe fails; a success in between resets the count", () => {
    const state = emptyGateState();
    releasePermit(state, LIMITS, 0, granted(acquirePermit(state, LIMITS, 0, "a")), "failure");
    releasePermit(state, LIMITS, 0, granted(acquirePermit(state, LIMITS, 0, "b")), "success");
    releasePermit(state, LIMITS, 0, granted(acquirePermit(state, LIMITS, 0, "c")), "failure");
    expect(state.openUntil).toBeNull();
    state.openUntil = 1_000;
    const probe = granted(acquirePermit(state, LIMITS, 61_000, "probe"));
    releasePermit(state, LIMITS, 62_000, probe, "failure");
    expect(acquirePermit(state, LIMITS, 62_000, "d")).toEqual({
      granted: false,
      retryAfterSeconds: 30,
      retryAfterMs: 30_000,
    });
  });
});

describe("GeminiGate Durable Object", () => {
  afterEach(() => vi.useRealTimers());

  const gateNamed = (name: string) => env.GEMINI_GATE.get(env.GEMINI_GATE.idFromName(name));

  it("caps calls in flight at GEMINI_MAX_CONCURRENCY (default 16) across callers", async () => {
    const gate = gateNamed("concurrency");
    const permits = await Promise.all(Array.from({ length: 17 }, () => gate.acquire()));
    expect(permits.filter((p) => p.granted)).toHaveLength(16);
    const refused = permits.find((p) => !p.granted);
    expect(refused).toEqual({ granted: false, retryAfterSeconds: 1, retryAfterMs: 150 });
    const first = permits.find((p) => p.granted);
    if (first?.granted) await gate.release(first.permitId, "success");
    expect((await gate.acquire()).granted).toBe(true);
  });

  it("caps requests per minute at GEMINI_MAX_RPM (default 300)", async () => {
    const gate = gateNamed("rpm");
    await runInDurableObject(gate, (_instance: GeminiGate, state) => {
      state.storage.kv.put("gate", { ...emptyGateState(), grants: Array<number>(299).fill(Date.now()) });
    });
    expect((await gate.acquire()).granted).toBe(true);
    const refused = await gate.acquire();
    expect(refused.granted).toBe(false);
    expect(refused.granted ? 0 : refused.retryAfterSeconds).toBeGreaterThan(50);
  });

  it("opens the breaker after 5 upstream failures and half-opens after 30 s", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const gate = gateNamed("breaker");
    for (let i = 1; i <= 5; i++) {
      const permit = await gate.acquire();
      if (!permit.granted) throw new Error("refused too early");
      expect(await gate.release(permit.permitId, "failure")).toEqual({ consecutiveFailures: i });
    }
    expect(await gate.acquire()).toMatchObject({ granted: false, retryAfterSeconds: 30 });
    vi.setSystemTime(new Date("2026-01-01T00:00:30Z"));
    const probe = await gate.acquire();
    expect(probe.granted).toBe(true);
    expect((await gate.acquire()).granted).toBe(false);
    if (probe.granted) await gate.release(probe.permitId, "success");
    expect((await gate.acquire()).granted).toBe(true);
  });

  it("keeps its state in SQLite-backed storage", async () => {
    const gate = gateNamed("storage");
    await gate.acquire();
    const stored = await runInDurableObject(gate, (instance: GeminiGate, state) => {
      expect(instance).toBeInstanceOf(GeminiGate);
      return state.storage.kv.get<{ permits: Record<string, number> }>("gate");
    });
    expect(Object.keys(stored?.permits ?? {})).toHaveLength(1);
  });

  it("globalGeminiGate addresses the single global instance", async () => {
    const permit = await globalGeminiGate(env.GEMINI_GATE).acquire();
    expect(permit.granted).toBe(true);
  });
});
