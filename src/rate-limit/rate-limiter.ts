import { DurableObject } from "cloudflare:workers";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until a request would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

interface WindowState {
  windowStart: number;
  current: number;
  previous: number;
}

/**
 * One instance per user: sliding-window counters (the previous window weighted by how much of it still
 * overlaps), persisted in the object's SQLite-backed KV so a restart never resets a user's budget.
 */
export class RateLimiter extends DurableObject<Env> {
  /** Takes `cost` units from bucket `name` if the sliding window allows it. */
  async consume(name: string, limit: number, windowSeconds: number, cost = 1): Promise<RateLimitDecision> {
    const windowMs = windowSeconds * 1000;
    const now = Date.now();
    const state = this.advance(this.ctx.storage.kv.get<WindowState>(name), now, windowMs);
    const elapsed = (now - state.windowStart) / windowMs;
    const estimate = state.previous * (1 - elapsed) + state.current;

    if (estimate + cost > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((state.windowStart + windowMs - now) / 1000));
      this.ctx.storage.kv.put(name, state);
      return {
        allowed: false,
        limit,
        remaining: Math.max(0, Math.floor(limit - estimate)),
        retryAfterSeconds,
      };
    }
    state.current += cost;
    this.ctx.storage.kv.put(name, state);
    await this.scheduleCleanup(state.windowStart + 2 * windowMs);
    return {
      allowed: true,
      limit,
      remaining: Math.max(0, Math.floor(limit - estimate - cost)),
      retryAfterSeconds: 0,
    };
  }

  /** Forgets every counter now (the user it counts for is deleted). */
  async forget(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  /** Forgets every counter once all windows have passed, so idle users cost no storage. */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  private advance(state: WindowState | undefined, now: number, windowMs: number): WindowState {
    const windowStart = now - (now % windowMs);
    if (!state) return { windowStart, current: 0, previous: 0 };
    if (state.windowStart === windowStart) return state;
    const previous = state.windowStart === windowStart - windowMs ? state.current : 0;
    return { windowStart, current: 0, previous };
  }

  private async scheduleCleanup(at: number): Promise<void> {
    const existing = await this.ctx.storage.getAlarm();
    if (existing === null || existing < at) await this.ctx.storage.setAlarm(at);
  }
}
