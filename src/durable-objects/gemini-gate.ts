import { DurableObject } from "cloudflare:workers";

/** One instance per deployment: caps concurrent and per-minute Gemini calls across all jobs. */
export class GeminiGate extends DurableObject<Env> {}
