import { env, SELF } from "cloudflare:test";
import { HttpResponse, http } from "msw";
import type { WebhookHeaders } from "../../src/webhooks/signature";
import { authHeaders } from "./auth";
import { network } from "./network";

/** The resolver the test worker asks (WEBHOOK_DNS_RESOLVER_URL of .dev.vars.example). */
export const DOH_URL = env.WEBHOOK_DNS_RESOLVER_URL;
export const RECEIVER_HOST = "hooks.example.com";
export const RECEIVER_URL = `https://${RECEIVER_HOST}/fnt`;
export const PUBLIC_V4 = "93.184.215.14";
export const PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c";

/**
 * A DNS-over-HTTPS resolver (DNS JSON form) knowing the names given: each name's addresses (`:` makes an
 * AAAA record); any other name does not exist. `hooks.example.com` is public unless overridden.
 */
export function serveDns(zone: Record<string, string[]> = {}) {
  const names: Record<string, string[]> = { [RECEIVER_HOST]: [PUBLIC_V4, PUBLIC_V6], ...zone };
  network.use(
    http.get(DOH_URL, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const addresses = names[query.get("name") ?? ""];
      if (!addresses) return HttpResponse.json({ Status: 3 });
      const aaaa = query.get("type") === "AAAA";
      const Answer = addresses
        .filter((address) => address.includes(":") === aaaa)
        .map((data) => ({ name: query.get("name"), type: aaaa ? 28 : 1, TTL: 60, data }));
      return HttpResponse.json({ Status: 0, Answer });
    }),
  );
}

/** One request a receiver got, as it arrived. */
export interface Received {
  headers: Record<string, string>;
  body: string;
}

/**
 * A webhook receiver at `url`: records every request and answers what `answer` returns for the n-th one
 * (0-based), 204 by default.
 */
export function serveReceiver(
  url = RECEIVER_URL,
  answer: (n: number) => Response = () => new Response(null, { status: 204 }),
) {
  const received: Received[] = [];
  network.use(
    http.post(url, async ({ request }) => {
      const n = received.length;
      received.push({ headers: Object.fromEntries(request.headers), body: await request.text() });
      return answer(n);
    }),
  );
  return received;
}

/** The events of a kind a receiver got, parsed. */
export const eventsOf = (received: Received[], type: string) =>
  received.map((request) => JSON.parse(request.body)).filter((event) => event.type === type);

/** Registers an endpoint through the API; returns its id and secret. */
export async function registerEndpoint(
  token: string,
  body: { url?: string; events?: string[]; description?: string } = {},
): Promise<{ id: string; secret: string }> {
  const response = await SELF.fetch("https://api.test/api/v1/webhooks", {
    method: "POST",
    headers: { ...authHeaders(token), "content-type": "application/json" },
    body: JSON.stringify({ url: RECEIVER_URL, events: ["job.completed"], ...body }),
  });
  if (response.status !== 201) throw new Error(`register ${response.status}: ${await response.text()}`);
  return response.json<{ id: string; secret: string }>();
}

/**
 * A verifier written from the Standard Webhooks spec alone: the key is the base64 after `whsec_`, the signed
 * content is `id.timestamp.body`, the header a space-separated list of `version,base64`; a v1 entry must
 * match an HMAC-SHA256 (compared by `crypto.subtle.verify`, in constant time) and the timestamp must be
 * within five minutes.
 */
export async function specVerify(
  secret: string,
  headers: Readonly<Record<string, string>> | WebhookHeaders,
  payload: string,
): Promise<boolean> {
  const fields: Record<string, string | undefined> = { ...headers };
  const id = fields["webhook-id"];
  const timestamp = fields["webhook-timestamp"];
  const signatures = fields["webhook-signature"];
  if (!id || !timestamp || !signatures) return false;
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > 300) return false;
  const raw = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (ch) => ch.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const content = new TextEncoder().encode(`${id}.${timestamp}.${payload}`);
  for (const entry of signatures.split(" ")) {
    const [version, signature] = entry.split(",");
    if (version !== "v1" || !signature) continue;
    const mac = Uint8Array.from(atob(signature), (ch) => ch.charCodeAt(0));
    if (await crypto.subtle.verify("HMAC", key, mac, content)) return true;
  }
  return false;
}
