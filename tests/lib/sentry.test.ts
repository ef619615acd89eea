import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { DurableObject } from "cloudflare:workers";
import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { JOB_MAX_DELIVERIES } from "../../src/jobs/queue/messages";
import { instrumentObject } from "../../src/lib/sentry";
import worker from "../../src/worker";
import { signIn } from "../helpers/auth";
import { network } from "../helpers/network";
import { seedPreparedJob } from "../helpers/seed-job";

const DSN = "https://publickey@sentry.test/42";

/** Credentials that appear in the failing request or in the error itself, and must never reach Sentry. */
const LEAKED_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJl";
const ERROR_WITH_SECRETS = `storage failed with Bearer ${LEAKED_JWT} at https://files.test/o?X-Amz-Signature=sig123`;

interface SentryEvent {
  exception?: { values?: { value?: string }[] };
  tags?: Record<string, string>;
  user?: Record<string, unknown>;
  request?: { url?: string; headers?: Record<string, string> };
}

/** Collects what the SDK sends to the fake DSN's envelope endpoint: the raw text and the error events. */
function sentryInbox() {
  const inbox = { raw: [] as string[], events: [] as SentryEvent[] };
  network.use(
    http.post("https://sentry.test/api/42/envelope/", async ({ request }) => {
      const text = await request.text();
      inbox.raw.push(text);
      // An envelope is newline-delimited JSON: its header, then a header and a payload per item.
      const lines = text.split("\n").filter(Boolean);
      for (let i = 1; i + 1 < lines.length; i += 2) {
        const item = JSON.parse(lines[i] ?? "{}") as { type?: string };
        if (item.type === "event") inbox.events.push(JSON.parse(lines[i + 1] ?? "{}"));
      }
      return HttpResponse.json({ id: "received" });
    }),
  );
  return inbox;
}

/**
 * A D1 binding that fails, the way a bug or an outage would, on any query of the given table. A separate
 * object rather than a Proxy of env.DB: the SDK instruments the bindings it is given in place.
 */
function databaseFailingOn(table: string): D1Database {
  const db = env.DB;
  const failing: Pick<D1Database, "prepare" | "batch" | "exec"> = {
    prepare(sql) {
      if (sql.includes(`"${table}"`)) throw new Error(ERROR_WITH_SECRETS);
      return db.prepare(sql);
    },
    batch: (statements) => db.batch(statements),
    exec: (sql) => db.exec(sql),
  };
  return failing as D1Database;
}

function expectNoSecret(raw: string[], ...secrets: string[]) {
  const text = raw.join("\n");
  for (const secret of [LEAKED_JWT, "sig123", ...secrets]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/authorization|cookie/i);
}

describe("Sentry reports", () => {
  it("an unexpected error of the fetch handler, with the request id and the user id", async () => {
    const inbox = sentryInbox();
    const user = await signIn();
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request("https://api.test/api/v1/history?access_token=query-secret", {
        headers: {
          authorization: `Bearer ${user.accessToken}`,
          cookie: "session=cookie-secret",
          "x-request-id": "req-sentry-1",
        },
      }),
      { ...env, SENTRY_DSN: DSN, DB: databaseFailingOn("jobs") },
      ctx,
    );
    await waitOnExecutionContext(ctx);

    expect(response.status).toBe(500);
    expect(inbox.events).toHaveLength(1);
    const [event] = inbox.events;
    expect(event?.tags?.request_id).toBe("req-sentry-1");
    expect(event?.user).toEqual({ id: user.userId });
    expect(event?.exception?.values?.[0]?.value).toContain("storage failed with Bearer [redacted]");
    expect(event?.request?.url).toBe("https://api.test/api/v1/history");
    expectNoSecret(inbox.raw, user.accessToken, "query-secret", "cookie-secret");
  });

  it("an unexpected failure of a job step in the queue consumer, with the job's owner", async () => {
    const inbox = sentryInbox();
    const user = await signIn();
    const { jobId, tracker } = await seedPreparedJob(user.userId, [["Une phrase."]]);
    const failingBucket = {
      get: () => Promise.reject(new Error(ERROR_WITH_SECRETS)),
    } as unknown as R2Bucket;
    const batch = createMessageBatch("fnt-dev-jobs", [
      {
        id: "m0",
        timestamp: new Date(),
        attempts: JOB_MAX_DELIVERIES,
        body: { type: "job.chunk", jobId, chunk: 0 },
      },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, SENTRY_DSN: DSN, PDF_BUCKET: failingBucket }, ctx);
    await waitOnExecutionContext(ctx);

    expect((await tracker.snapshot())?.status).toBe("failed");
    expect(inbox.events).toHaveLength(1);
    const [event] = inbox.events;
    expect(event?.user).toEqual({ id: user.userId });
    expect(event?.tags).toMatchObject({ job_id: jobId, step: "job.chunk", queue_message_id: "m0" });
    expect(event?.exception?.values?.[0]?.value).toContain("https://files.test/o?[redacted]");
    expectNoSecret(inbox.raw);
  });

  it("a failed housekeeping task of the cron, naming the task", async () => {
    const inbox = sentryInbox();
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: "*/10 * * * *" }),
      { ...env, SENTRY_DSN: DSN, DB: databaseFailingOn("sessions") },
      ctx,
    );
    await waitOnExecutionContext(ctx);

    expect(inbox.events.map((event) => event.tags?.cron_task)).toEqual(["purge_auth_rows"]);
    expectNoSecret(inbox.raw);
  });

  it("an error escaping a Durable Object's method, and nothing from an object without SENTRY_DSN", async () => {
    const inbox = sentryInbox();
    const Failing = instrumentObject(
      class extends DurableObject<Env> {
        async load(): Promise<never> {
          throw new Error(ERROR_WITH_SECRETS);
        }
      },
    );
    // A real object state to construct the class with, as the runtime would.
    const state = await runInDurableObject(env.RATE_LIMITER.getByName("sentry-test"), (_, state) => state);

    await expect(new Failing(state, env).load()).rejects.toThrow("storage failed");
    await expect(new Failing(state, { ...env, SENTRY_DSN: DSN }).load()).rejects.toThrow("storage failed");
    // An object sends its events after the call, in the background (waitUntil): only the second one has any.
    await vi.waitFor(() => expect(inbox.events).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(inbox.raw).toHaveLength(1);
    expect(inbox.events[0]?.exception?.values?.[0]?.value).toContain("https://files.test/o?[redacted]");
    expectNoSecret(inbox.raw);
  });

  it("nothing without SENTRY_DSN", async () => {
    const inbox = sentryInbox();
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request("https://api.test/api/v1/auth/dev-login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `user-${crypto.randomUUID()}@example.test`, name: "Test" }),
      }),
      { ...env, DB: databaseFailingOn("users") },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(500);
    expect(inbox.raw).toEqual([]);
  });
});
