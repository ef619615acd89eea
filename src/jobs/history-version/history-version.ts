import { DurableObject } from "cloudflare:workers";

/**
 * How long one epoch lives. A bump that never arrived (its call failed after the D1 write) can leave a client
 * holding a stale list at most this long: the next epoch changes every tag.
 */
export const EPOCH_LIFETIME_MS = 5 * 60 * 1000;

/** What a user's history tag is made of: the epoch of the counter and the changes counted in it. */
export interface HistoryVersionTag {
  epoch: string;
  version: number;
}

/**
 * An epoch and a counter of changes, in memory only. A new counter (a restarted object) or a renewed epoch
 * changes every tag, which only ever makes a client fetch the list again.
 */
export class VersionCounter {
  private epoch = crypto.randomUUID();
  private version = 0;

  constructor(private epochStartedAt: number) {}

  /** The current tag, on a fresh epoch once the current one is EPOCH_LIFETIME_MS old. */
  current(now: number): HistoryVersionTag {
    if (now - this.epochStartedAt >= EPOCH_LIFETIME_MS) {
      this.epoch = crypto.randomUUID();
      this.epochStartedAt = now;
      this.version = 0;
    }
    return { epoch: this.epoch, version: this.version };
  }

  /** Counts one change to the user's history. */
  bump(now: number): HistoryVersionTag {
    this.current(now);
    this.version++;
    return { epoch: this.epoch, version: this.version };
  }
}

/**
 * One instance per user (`idFromName(userId)`): the version of the user's history list, bumped after every D1
 * write that changes it, read before each list query to answer `If-None-Match`. Nothing is stored: the hot
 * path costs no storage write, and losing the count (eviction, restart) only starts a new epoch.
 */
export class HistoryVersion extends DurableObject<Env> {
  private readonly counter = new VersionCounter(Date.now());

  /** The user's current history version. */
  async current(): Promise<HistoryVersionTag> {
    return this.counter.current(Date.now());
  }

  /** Records that the user's history changed (call it after the D1 write has committed). */
  async bump(): Promise<HistoryVersionTag> {
    return this.counter.bump(Date.now());
  }
}
