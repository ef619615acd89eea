import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bumpHistoryVersion, historyVersion } from "../../../src/jobs/history-version/client";
import { EPOCH_LIFETIME_MS, VersionCounter } from "../../../src/jobs/history-version/history-version";

describe("VersionCounter", () => {
  it("keeps its tag until a change is counted, then never gives the same tag again", () => {
    const counter = new VersionCounter(0);
    const first = counter.current(1_000);
    expect(counter.current(2_000)).toEqual(first);
    const bumped = counter.bump(3_000);
    expect(bumped).not.toEqual(first);
    expect(counter.current(4_000)).toEqual(bumped);
    expect(counter.bump(5_000)).not.toEqual(bumped);
  });

  it("renews its epoch once it is EPOCH_LIFETIME_MS old, so a lost bump is outlived", () => {
    const counter = new VersionCounter(0);
    const first = counter.current(0);
    expect(counter.current(EPOCH_LIFETIME_MS - 1)).toEqual(first);
    const renewed = counter.current(EPOCH_LIFETIME_MS);
    expect(renewed.epoch).not.toBe(first.epoch);
    // The renewed epoch lives its own lifetime from the moment it was made.
    expect(counter.current(2 * EPOCH_LIFETIME_MS - 1)).toEqual(renewed);
    expect(counter.current(2 * EPOCH_LIFETIME_MS).epoch).not.toBe(renewed.epoch);
  });
});

describe("HistoryVersion Durable Object", () => {
  it("counts a user's changes apart from every other user's", async () => {
    const [marie, paul] = [crypto.randomUUID(), crypto.randomUUID()];
    const before = await historyVersion(env, marie);
    const paulBefore = await historyVersion(env, paul);
    expect(before?.epoch).not.toBe(paulBefore?.epoch);

    await bumpHistoryVersion(env, marie);
    const after = await historyVersion(env, marie);
    expect(after).not.toEqual(before);
    expect(after?.epoch).toBe(before?.epoch);
    expect(await historyVersion(env, paul)).toEqual(paulBefore);
  });
});
