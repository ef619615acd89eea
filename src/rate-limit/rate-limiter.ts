import { DurableObject } from "cloudflare:workers";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until a request would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
  /** Seconds until the current fixed window ends (the `t` of the RateLimit header field). */
  resetSeconds: number;
}

/** Units handed out at once to an isolate that spends them locally (see `request-limiter.ts`). */
export interface Lease extends RateLimitDecision {
  granted: number;
  /** The fixed window the units were counted in (epoch ms), to hand unspent ones back to. */
  windowStart: number;
}

/** Units of an earlier lease that were not spent, handed back to the window they were counted in. */
export interface Unspent {
  count: number;
  windowStart: number;
}

interface WindowState {
  windowStart: number;
  current: number;
  previous: number;
}

/**
 * One instance per user (or address): sliding-window counters (the previous window weighted by how much of it
 * still overlaps), persisted in the object's SQLite-backed KV so a restart never resets a budget.
 */
export class RateLimiter extends DurableObject<Env> {
  /** Takes `cost` units from bucket `name` if the sliding window allows all of them. */
  async consume(name: string, limit: number, windowSeconds: number, cost = 1): Promise<RateLimitDecision> {
    const { granted, windowStart: _, ...decision } = await this.take(name, limit, windowSeconds, cost, cost);
    return { ...decision, allowed: granted > 0 };
  }

  /**
   * Takes between 1 and `want` units from bucket `name`, as many as the window allows (0 granted = refused),
   * after crediting back what an earlier lease left unspent.
   */
  async lease(
    name: string,
    limit: number,
    windowSeconds: number,
    want: number,
    unspent: Unspent | null = null,
  ): Promise<Lease> {
    return this.take(name, limit, windowSeconds, 1, want, unspent);
  }

  /** The bucket's state without taking anything (for the usage view). */
  async peek(name: string, limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    const windowMs = windowSeconds * 1000;
    const now = Date.now();
    const state = this.advance(this.ctx.storage.kv.get<WindowState>(name), now, windowMs);
    const estimate = this.estimate(state, now, windowMs);
    return this.decision(state, now, windowMs, limit, estimate, estimate + 1 <= limit);
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

  private async take(
    name: string,
    limit: number,
    windowSeconds: number,
    least: number,
    most: number,
    unspent: Unspent | null = null,
  ): Promise<Lease> {
    const windowMs = windowSeconds * 1000;
    const now = Date.now();
    const state = this.advance(this.ctx.storage.kv.get<WindowState>(name), now, windowMs);
    if (unspent) this.credit(state, unspent, windowMs);
    const estimate = this.estimate(state, now, windowMs);
    const granted = Math.min(most, Math.floor(limit - estimate));
    if (granted < least) {
      this.ctx.storage.kv.put(name, state);
      const decision = this.decision(state, now, windowMs, limit, estimate, false);
      return { ...decision, granted: 0, windowStart: state.windowStart };
    }
    state.current += granted;
    this.ctx.storage.kv.put(name, state);
    await this.scheduleCleanup(state.windowStart + 2 * windowMs);
    const decision = this.decision(state, now, windowMs, limit, estimate + granted, true);
    return { ...decision, granted, windowStart: state.windowStart };
  }

  /** Gives back unspent units to the window that counted them, if it is still the current or previous one. */
  private credit(state: WindowState, unspent: Unspent, windowMs: number): void {
    if (unspent.windowStart === state.windowStart) {
      state.current = Math.max(0, state.current - unspent.count);
    } else if (unspent.windowStart === state.windowStart - windowMs) {
      state.previous = Math.max(0, state.previous - unspent.count);
    }
  }

  private estimate(state: WindowState, now: number, windowMs: number): number {
    const elapsed = (now - state.windowStart) / windowMs;
    return state.previous * (1 - elapsed) + state.current;
  }

  private decision(
    state: WindowState,
    now: number,
    windowMs: number,
    limit: number,
    used: number,
    allowed: boolean,
  ): RateLimitDecision {
    const resetSeconds = Math.max(1, Math.ceil((state.windowStart + windowMs - now) / 1000));
    return {
      allowed,
      limit,
      remaining: Math.max(0, Math.floor(limit - used)),
      retryAfterSeconds: allowed ? 0 : resetSeconds,
      resetSeconds,
    };
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
