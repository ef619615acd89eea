import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JobState } from "../../../src/jobs/tracker/job-state";
import { endsJob, jobFinishedEvent, Outbox } from "../../../src/jobs/tracker/outbox";
import type { DomainEvent } from "../../../src/lib/domain-events";
import { signIn } from "../../helpers/auth";
import { seedPreparedJob } from "../../helpers/seed-job";

const STATS = { sentences: 1, over_limit: 0, fragments: 0, words_in: 3, words_out: 3 };
const USAGE = { input_tokens: 0, output_tokens: 0, calls: 0 };

/** A SyncKvStorage over a Map: enough for the outbox, which only gets, puts and deletes. */
function memoryKv(): SyncKvStorage {
  const map = new Map<string, unknown>();
  return {
    get: (key: string) => map.get(key),
    put: (key: string, value: unknown) => void map.set(key, value),
    delete: (key: string) => map.delete(key),
  } as unknown as SyncKvStorage;
}

const ended = (status: JobState["status"], at: number) =>
  ({ jobId: "j1", userId: "u1", status, updatedAt: at, completedAt: at }) as JobState;

describe("the tracker's outbox", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives the same event the same id, and a job that ends again a new one", () => {
    expect(jobFinishedEvent(ended("completed", 10)).id).toBe(jobFinishedEvent(ended("completed", 10)).id);
    expect(jobFinishedEvent(ended("failed", 10)).id).not.toBe(jobFinishedEvent(ended("failed", 20)).id);
    expect(endsJob(ended("processing", 1), ended("completed", 2))).toBe(true);
    expect(endsJob(ended("failed", 1), ended("failed", 2))).toBe(false);
    expect(endsJob(null, ended("completed", 2))).toBe(true);
  });

  it("keeps an event the queue refused, once, and publishes it on the next flush", async () => {
    const sent: DomainEvent[] = [];
    let refuse = true;
    const queue = {
      send: async (event: DomainEvent) => {
        if (refuse) throw new Error("queue unavailable");
        sent.push(event);
      },
    } as unknown as Queue;
    const outbox = new Outbox(memoryKv(), { EVENT_BUS: queue });
    const event = jobFinishedEvent(ended("completed", 10));
    outbox.add(event);
    outbox.add(event);
    expect(await outbox.flush()).toBe(1);
    refuse = false;
    expect(await outbox.flush()).toBe(0);
    expect(sent).toEqual([event]);
    expect(outbox.pending()).toEqual([]);
  });

  it("announces a job's end once, even when the completion is reported twice", async () => {
    const logs = vi.spyOn(console, "log");
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, [["Une phrase."]]);
    await tracker.chunkDone(0, { count: 1, stats: STATS, usage: USAGE });
    await tracker.chunkDone(0, { count: 1, stats: STATS, usage: USAGE });
    await runInDurableObject(tracker, (_instance, state) => {
      expect(state.storage.kv.get("outbox")).toBeUndefined();
    });
    // The events consumer logs each event it hands to the reactions.
    const announced = async () =>
      logs.mock.calls.filter(([line]) => String(line).includes(`"event_id":"job.finished:${jobId}:`));
    await vi.waitFor(async () => expect(await announced()).toHaveLength(1), { timeout: 10_000 });
    // Nothing left to publish: the alarm has no retry to make.
    expect(await runDurableObjectAlarm(tracker)).toBe(false);
  });
});
