import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createDb } from "../../../src/db/client";
import { webhookDeliveries, webhookEndpoints } from "../../../src/db/schema";
import { recordDeliveries } from "../../../src/webhooks/deliveries";
import { eventBody } from "../../../src/webhooks/events";
import type { DeliveryMessage } from "../../../src/webhooks/queue/messages";
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from "../../../src/webhooks/retry-schedule";
import { authHeaders, signIn } from "../../helpers/auth";
import { deliver } from "../../helpers/queue";
import { registerEndpoint, serveDns, serveReceiver, specVerify } from "../../helpers/webhooks";

const QUEUE = "fnt-dev-webhooks";
const db = () => createDb(env.DB);
const HOUR_AGO = new Date(Date.now() - 3600_000);

/** A signed-in user with an endpoint and one recorded `webhook.test` delivery (not queued: the test runs it). */
async function setUp() {
  serveDns();
  const user = await signIn();
  const endpoint = await registerEndpoint(user.accessToken, { events: ["job.completed"] });
  const body = eventBody("webhook.test", { endpoint_id: endpoint.id, message: "Bonjour" }, HOUR_AGO);
  const [message] = await recordDeliveries(db(), [endpoint.id], {
    eventType: "webhook.test",
    eventId: `test:${crypto.randomUUID()}`,
    resourceId: endpoint.id,
    body,
  });
  return { user, endpoint, body, message: message! };
}

const delivery = async (id: string) =>
  (await db().query.webhookDeliveries.findFirst({ where: eq(webhookDeliveries.id, id) }))!;
const endpointRow = async (id: string) =>
  (await db().query.webhookEndpoints.findFirst({ where: eq(webhookEndpoints.id, id) }))!;
const attempt = (message: DeliveryMessage, attempts = 1) => deliver(QUEUE, [{ body: message, attempts }]);
const answer =
  (status: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(status === 204 ? null : "nope", { status, headers });

describe("webhook queue consumer", () => {
  it("signs every attempt for the spec's verifier and the standardwebhooks package; id and body stay, webhook-timestamp is the attempt's", async () => {
    const { endpoint, body, message } = await setUp();
    const received = serveReceiver(undefined, (n) => answer(n === 0 ? 503 : 204)());

    expect((await attempt(message, 1)).retryMessages).toHaveLength(1);
    expect((await attempt(message, 2)).explicitAcks).toEqual(["m0"]);

    expect(received).toHaveLength(2);
    const now = Math.floor(Date.now() / 1000);
    for (const request of received) {
      expect(request.headers["webhook-id"]).toBe(message.deliveryId);
      expect(request.body).toBe(body);
      expect(JSON.parse(request.body).timestamp).toBe(HOUR_AGO.toISOString());
      expect(Math.abs(Number(request.headers["webhook-timestamp"]) - now)).toBeLessThanOrEqual(60);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["user-agent"]).toMatch(/^FrenchNovelTool-Webhooks\//);
      expect(await specVerify(endpoint.secret, request.headers, request.body)).toBe(true);
      expect(new Webhook(endpoint.secret).verify(request.body, request.headers)).toEqual(JSON.parse(body));
    }
    expect(await delivery(message.deliveryId)).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastHttpStatus: 204,
      lastError: null,
      nextAttemptAt: null,
    });
    expect((await endpointRow(endpoint.id)).lastSuccessAt).not.toBeNull();
  });

  it("retries on the schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ±10 %), then records the delivery failed", async () => {
    const { message } = await setUp();
    serveReceiver(undefined, answer(500));
    for (const [index, scheduled] of RETRY_DELAYS_SECONDS.entries()) {
      const result = await attempt(message, index + 1);
      expect(result.retryDelays).toHaveLength(1);
      expect(result.retryDelays[0]).toBeGreaterThanOrEqual(Math.floor(scheduled * 0.9));
      expect(result.retryDelays[0]).toBeLessThanOrEqual(Math.ceil(scheduled * 1.1));
      const row = await delivery(message.deliveryId);
      expect(row).toMatchObject({ status: "pending", attempts: index + 1, lastHttpStatus: 500 });
      expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + (result.retryDelays[0]! - 5) * 1000);
    }
    const last = await attempt(message, MAX_ATTEMPTS);
    expect(last.retryMessages).toEqual([]);
    expect(last.explicitAcks).toEqual(["m0"]);
    expect(await delivery(message.deliveryId)).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
      lastError: "Gave up after 8 attempts: HTTP 500: nope",
      nextAttemptAt: null,
    });
  });

  it("shortens every delay to WEBHOOK_DEV_RETRY_MAX_SECONDS in development", async () => {
    const { message } = await setUp();
    serveReceiver(undefined, answer(500));
    const cap = { WEBHOOK_DEV_RETRY_MAX_SECONDS: "3" };
    for (const attempts of [1, 2, 7]) {
      expect((await deliver(QUEUE, [{ body: message, attempts }], cap)).retryDelays).toEqual([3]);
    }
  });

  it("honours Retry-After on 429 and 503: later than the schedule, never sooner, at most the queue's 12 h", async () => {
    const { message } = await setUp();
    const retryAfter = ["3600", "1", String(10 ** 6)];
    serveReceiver(undefined, (n) => answer(n === 1 ? 503 : 429, { "retry-after": retryAfter[n] ?? "0" })());
    expect((await attempt(message, 1)).retryDelays).toEqual([3600]);
    const second = (await attempt(message, 2)).retryDelays[0]!;
    expect(second).toBeGreaterThanOrEqual(270);
    expect(second).toBeLessThanOrEqual(330);
    expect((await attempt(message, 3)).retryDelays).toEqual([12 * 3600]);
  });

  it("disables the endpoint at once on 410 Gone; its other deliveries then fail without a request, until it is enabled again", async () => {
    const { user, endpoint, message } = await setUp();
    const received = serveReceiver(undefined, answer(410));
    expect((await attempt(message)).retryMessages).toEqual([]);
    expect(await delivery(message.deliveryId)).toMatchObject({ status: "failed", lastHttpStatus: 410 });
    const [other] = await recordDeliveries(db(), [endpoint.id], {
      eventType: "webhook.test",
      eventId: `test:${crypto.randomUUID()}`,
      resourceId: endpoint.id,
      body: "{}",
    });
    expect((await attempt(other!)).explicitAcks).toEqual(["m0"]);
    expect(received).toHaveLength(1);
    expect((await delivery(other!.deliveryId)).lastError).toMatch(/^Endpoint disabled: .*410 Gone/);

    const url = `https://api.test/api/v1/webhooks/${endpoint.id}`;
    const shown = await (await SELF.fetch(url, { headers: authHeaders(user.accessToken) })).json();
    expect(shown).toMatchObject({ enabled: false, disabled_reason: expect.stringContaining("410 Gone") });
    const enabled = await SELF.fetch(url, {
      method: "PATCH",
      headers: { ...authHeaders(user.accessToken), "content-type": "application/json" },
      body: JSON.stringify({ enabled: true }),
    });
    expect(await enabled.json()).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
  });

  it("disables an endpoint whose attempts have all failed for five days", async () => {
    const { endpoint, message } = await setUp();
    serveReceiver(undefined, answer(500));
    const sixDaysAgo = new Date(Date.now() - 6 * 24 * 3600_000);
    await db()
      .update(webhookEndpoints)
      .set({ failingSince: sixDaysAgo })
      .where(eq(webhookEndpoints.id, endpoint.id));
    expect((await attempt(message)).retryMessages).toEqual([]);
    expect(await endpointRow(endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(/5 days/),
    });
    expect((await delivery(message.deliveryId)).status).toBe("failed");
  });

  it("records a dead-lettered delivery as failed, keeping its last error", async () => {
    const { message } = await setUp();
    serveReceiver(undefined, answer(500));
    await attempt(message);
    const result = await deliver(`${QUEUE}-dlq`, [{ body: message }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(await delivery(message.deliveryId)).toMatchObject({
      status: "failed",
      lastError: "Dead-lettered: the queue's retries ran out (last: HTTP 500: nope)",
    });
  });

  it("makes one request when a message arrives twice", async () => {
    const { message } = await setUp();
    const received = serveReceiver();
    const result = await deliver(QUEUE, [{ body: message }, { body: message }]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(received).toHaveLength(1);
    expect((await delivery(message.deliveryId)).attempts).toBe(1);
  });

  it("does not call a URL that now resolves to a private address: the attempt fails and is retried", async () => {
    const { message } = await setUp();
    const received = serveReceiver();
    serveDns({ "hooks.example.com": ["10.0.0.7"] });
    const result = await attempt(message);
    expect(result.retryMessages).toHaveLength(1);
    expect(received).toHaveLength(0);
    expect((await delivery(message.deliveryId)).lastError).toMatch(/^URL refused \(private\)/);
  });

  it("sends two signatures after a rotation, each verifiable with its own secret", async () => {
    const { user, endpoint, message } = await setUp();
    const received = serveReceiver();
    const rotated = await SELF.fetch(`https://api.test/api/v1/webhooks/${endpoint.id}/rotate-secret`, {
      method: "POST",
      headers: authHeaders(user.accessToken),
    });
    expect(rotated.headers.get("cache-control")).toBe("private, no-store");
    const { secret, previous_secret_expires_at } = await rotated.json<{
      secret: string;
      previous_secret_expires_at: string;
    }>();
    expect(secret).not.toBe(endpoint.secret);
    expect(Date.parse(previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await attempt(message);
    const [request] = received;
    expect(request!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const key of [secret, endpoint.secret]) {
      expect(await specVerify(key, request!.headers, request!.body)).toBe(true);
      expect(() => new Webhook(key).verify(request!.body, request!.headers)).not.toThrow();
    }
  });

  it("redelivers with the same webhook-id in a new series; messages of the old series are dropped", async () => {
    const { user, endpoint, message } = await setUp();
    const received = serveReceiver();
    await attempt(message);
    const response = await SELF.fetch(
      `https://api.test/api/v1/webhooks/${endpoint.id}/deliveries/${message.deliveryId}/redeliver`,
      { method: "POST", headers: authHeaders(user.accessToken) },
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ id: message.deliveryId, status: "pending", attempts: 0 });
    expect((await attempt(message, 2)).explicitAcks).toEqual(["m0"]);
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
    expect(received[1]!.headers["webhook-id"]).toBe(message.deliveryId);
    expect(received[1]!.body).toBe(received[0]!.body);
    await expect
      .poll(async () => (await delivery(message.deliveryId)).status, { timeout: 10_000 })
      .toBe("delivered");
  });
});
