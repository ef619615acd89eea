import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApiKey } from "../../../src/auth/api-keys";
import { createDb } from "../../../src/db/client";
import { callApp, PRODUCTION_ENV } from "../../helpers/app";
import { authHeaders, signIn } from "../../helpers/auth";
import { RECEIVER_URL, registerEndpoint, serveDns, serveReceiver } from "../../helpers/webhooks";

const API = "https://api.test/api/v1";

function call(token: string, path: string, method = "GET", body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method,
    headers: { ...authHeaders(token), ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** Production rules (https only, no loopback, web ports), reached with the test user's token. */
const productionCreate = (token: string, url: string) =>
  callApp(
    "/api/v1/webhooks",
    {
      method: "POST",
      headers: { ...authHeaders(token), "content-type": "application/json" },
      body: JSON.stringify({ url, events: ["job.completed"] }),
    },
    { ...PRODUCTION_ENV, JWT_SECRET: env.JWT_SECRET, TOKEN_ENCRYPTION_KEY: env.TOKEN_ENCRYPTION_KEY },
  );

const HOSTILE: [string, string][] = [
  ["http://hooks.example.com/fnt", "scheme_not_allowed"],
  ["ftp://hooks.example.com/fnt", "scheme_not_allowed"],
  ["https://user:pass@hooks.example.com/fnt", "credentials_in_url"],
  ["https://hooks.example.com:6379/", "port_not_allowed"],
  ["https://localhost/hook", "loopback"],
  ["https://api.localhost/hook", "loopback"],
  ["https://127.0.0.1/hook", "loopback"],
  ["https://2130706433/hook", "loopback"],
  ["https://0x7f000001/hook", "loopback"],
  ["https://0177.0.0.1/hook", "loopback"],
  ["https://[::1]/hook", "loopback"],
  ["https://[::ffff:127.0.0.1]/hook", "loopback"],
  ["https://0.0.0.0/hook", "unspecified"],
  ["https://10.1.2.3/hook", "private"],
  ["https://192.168.1.10/hook", "private"],
  ["https://[fd00::1]/hook", "private"],
  ["https://169.254.169.254/latest/meta-data/", "cloud_metadata"],
  ["https://metadata.google.internal/computeMetadata/v1/", "cloud_metadata"],
  ["https://[fe80::1]/hook", "link_local"],
  ["https://100.64.0.1/hook", "shared_address_space"],
  ["https://printer.local/hook", "internal_hostname"],
  ["https://rebind.example.com/hook", "loopback"],
  ["https://mixed.example.com/hook", "private"],
  ["https://aws.example.com/hook", "cloud_metadata"],
  ["https://missing.example.com/hook", "unresolvable"],
];

describe("webhook endpoints", () => {
  it("creates an endpoint with its secret shown once, never again", async () => {
    serveDns();
    const user = await signIn();
    const created = await call(user.accessToken, "/webhooks", "POST", {
      url: "https://HOOKS.example.com:443/fnt",
      events: ["job.completed", "batch.completed", "job.completed"],
      description: "LMS",
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("private, no-store");
    const body = await created.json<{ id: string; secret: string }>();
    expect(body).toMatchObject({
      url: RECEIVER_URL,
      events: ["job.completed", "batch.completed"],
      description: "LMS",
      enabled: true,
    });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const listed = await (await call(user.accessToken, "/webhooks")).text();
    const one = await (await call(user.accessToken, `/webhooks/${body.id}`)).text();
    for (const text of [listed, one]) {
      expect(text).toContain(body.id);
      expect(text).not.toContain(body.secret.slice(6));
      expect(text).not.toContain('secret"');
    }
  });

  it.each(HOSTILE)("refuses %s with 422 WEBHOOK_URL_FORBIDDEN (%s)", async (url, reason) => {
    serveDns({
      "rebind.example.com": ["127.0.0.1"],
      "mixed.example.com": ["93.184.215.14", "10.0.0.8"],
      "aws.example.com": ["169.254.169.254"],
    });
    const user = await signIn();
    const response = await productionCreate(user.accessToken, url);
    expect(response.status).toBe(422);
    const problem = await response.json<{ error_code: string; detail: string; errors: { code: string }[] }>();
    expect(problem.error_code).toBe("WEBHOOK_URL_FORBIDDEN");
    expect(problem.errors[0]!.code).toBe(reason);
    expect(problem.detail).toContain(`(${reason})`);
  });

  it("accepts a public https URL under production rules", async () => {
    serveDns();
    const user = await signIn();
    expect((await productionCreate(user.accessToken, RECEIVER_URL)).status).toBe(201);
  });

  it("allows a loopback receiver in development only", async () => {
    const user = await signIn();
    const local = await call(user.accessToken, "/webhooks", "POST", {
      url: "http://127.0.0.1:8796/hooks",
      events: ["job.completed"],
    });
    expect(local.status).toBe(201);
    expect((await productionCreate(user.accessToken, "http://127.0.0.1:8796/hooks")).status).toBe(422);
  });

  it("updates, checks a new URL again, disables and re-enables, and deletes with the delivery log", async () => {
    serveDns({ "evil.example.com": ["10.9.9.9"] });
    const user = await signIn();
    const { id } = await registerEndpoint(user.accessToken);
    const refused = await call(user.accessToken, `/webhooks/${id}`, "PATCH", {
      url: "https://evil.example.com/x",
    });
    expect(refused.status).toBe(422);
    const disabled = await call(user.accessToken, `/webhooks/${id}`, "PATCH", {
      enabled: false,
      events: ["job.failed"],
    });
    expect(await disabled.json()).toMatchObject({
      enabled: false,
      events: ["job.failed"],
      url: RECEIVER_URL,
    });
    expect((await call(user.accessToken, `/webhooks/${id}/test`, "POST")).status).toBe(409);
    const enabled = await call(user.accessToken, `/webhooks/${id}`, "PATCH", { enabled: true });
    expect(await enabled.json()).toMatchObject({ enabled: true, disabled_reason: null });
    expect((await call(user.accessToken, `/webhooks/${id}`, "PATCH", { secret: "x" })).status).toBe(422);
    expect((await call(user.accessToken, `/webhooks/${id}`, "DELETE")).status).toBe(204);
    expect((await call(user.accessToken, `/webhooks/${id}`)).status).toBe(404);
  });

  it("sends a webhook.test event and shows it in the delivery log, page by page", async () => {
    serveDns();
    const received = serveReceiver();
    const user = await signIn();
    const { id } = await registerEndpoint(user.accessToken);
    for (let i = 0; i < 3; i++)
      expect((await call(user.accessToken, `/webhooks/${id}/test`, "POST")).status).toBe(202);
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(3);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: "webhook.test", data: { endpoint_id: id } });

    type Page = {
      deliveries: { id: string; status: string; attempts: number }[];
      next_cursor: string | null;
    };
    const read = async (query: string) =>
      (await call(user.accessToken, `/webhooks/${id}/deliveries${query}`)).json<Page>();
    await expect
      .poll(async () => (await read("?status=delivered")).deliveries.length, { timeout: 10_000 })
      .toBe(3);
    const first = await read("?limit=2");
    expect(first.deliveries).toHaveLength(2);
    const second = await read(`?limit=2&cursor=${first.next_cursor}`);
    expect(second).toMatchObject({ next_cursor: null });
    expect(new Set([...first.deliveries, ...second.deliveries].map((d) => d.id)).size).toBe(3);
    expect(second.deliveries[0]).toMatchObject({ status: "delivered", attempts: 1, last_http_status: 204 });
    expect((await call(user.accessToken, `/webhooks/${id}/deliveries?cursor=bm9wZQ`)).status).toBe(422);
  });

  it("answers 404 for another user's endpoint on every route, and changes nothing", async () => {
    serveDns();
    const [owner, other] = [await signIn(), await signIn()];
    const { id } = await registerEndpoint(owner.accessToken);
    const routes: [string, string, unknown?][] = [
      [`/webhooks/${id}`, "GET"],
      [`/webhooks/${id}`, "PATCH", { enabled: false }],
      [`/webhooks/${id}`, "DELETE"],
      [`/webhooks/${id}/rotate-secret`, "POST"],
      [`/webhooks/${id}/test`, "POST"],
      [`/webhooks/${id}/deliveries`, "GET"],
      [`/webhooks/${id}/deliveries/msg_abc/redeliver`, "POST"],
    ];
    for (const [path, method, body] of routes) {
      expect((await call(other.accessToken, path, method, body)).status, `${method} ${path}`).toBe(404);
    }
    expect(await (await call(other.accessToken, "/webhooks")).json()).toEqual({ webhooks: [] });
    expect(await (await call(owner.accessToken, `/webhooks/${id}`)).json()).toMatchObject({ enabled: true });
  });

  it("needs the webhooks:manage scope for an API key", async () => {
    const user = await signIn();
    const { key } = await createApiKey(createDb(env.DB), user.userId, "ci", ["jobs:read"]);
    const response = await call(key, "/webhooks");
    expect(response.status).toBe(403);
    const { key: allowed } = await createApiKey(createDb(env.DB), user.userId, "hooks", ["webhooks:manage"]);
    expect((await call(allowed, "/webhooks")).status).toBe(200);
  });
});
