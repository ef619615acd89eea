import { DurableObject } from "cloudflare:workers";

/** One instance per job: the source of truth for its live state. */
export class JobTracker extends DurableObject<Env> {
  /** Readiness probe: proves the namespace is bound and an instance answers. */
  async ping(): Promise<"pong"> {
    return "pong";
  }
}
