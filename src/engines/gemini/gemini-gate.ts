import { DurableObject } from "cloudflare:workers";
import { requireConfig } from "../../config";
import {
  acquirePermit,
  type CallOutcome,
  emptyGateState,
  type GateLimits,
  type GatePermit,
  type GateRelease,
  type GateState,
  type GeminiGateClient,
  releasePermit,
} from "./gate-policy";

const STATE_KEY = "gate";
/** A permit outlives the call timeout by this margin before it is presumed abandoned. */
const PERMIT_MARGIN_MS = 30_000;
const FAILURE_THRESHOLD = 5;
const OPEN_MS = 30_000;

/**
 * One instance per deployment (`idFromName("global")`): caps concurrent and per-minute Gemini calls across
 * all jobs, since quotas are per project, and holds the circuit breaker. Permits expire by timestamp, so a
 * crashed caller cannot hold a slot forever. State lives in the SQLite-backed KV and is read on every call
 * (no await between read and write, so each RPC applies atomically).
 */
export class GeminiGate extends DurableObject<Env> {
  /** Asks for a permit to make one Gemini call. */
  async acquire(): Promise<GatePermit> {
    const state = this.load();
    const before = JSON.stringify(state);
    const permit = acquirePermit(state, this.limits(), Date.now(), crypto.randomUUID());
    // Callers waiting for a slot ask often; a refusal that changed nothing writes nothing.
    if (permit.granted || JSON.stringify(state) !== before) this.ctx.storage.kv.put(STATE_KEY, state);
    return permit;
  }

  /** Returns a permit and reports whether the upstream failed. */
  async release(permitId: string, outcome: CallOutcome): Promise<GateRelease> {
    const state = this.load();
    const result = releasePermit(state, this.limits(), Date.now(), permitId, outcome);
    this.ctx.storage.kv.put(STATE_KEY, state);
    return result;
  }

  private load(): GateState {
    return this.ctx.storage.kv.get<GateState>(STATE_KEY) ?? emptyGateState();
  }

  private limits(): GateLimits {
    const config = requireConfig(this.env);
    return {
      maxConcurrency: config.GEMINI_MAX_CONCURRENCY,
      maxRpm: config.GEMINI_MAX_RPM,
      permitTtlMs: config.GEMINI_TIMEOUT_MS + PERMIT_MARGIN_MS,
      failureThreshold: FAILURE_THRESHOLD,
      openMs: OPEN_MS,
    };
  }
}

/** The deployment's single gate, typed as the engine's gate client. */
export function globalGeminiGate(namespace: DurableObjectNamespace<GeminiGate>): GeminiGateClient {
  return namespace.get(namespace.idFromName("global"));
}
