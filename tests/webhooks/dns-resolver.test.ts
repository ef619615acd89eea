import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { DEFAULT_DOH_URL, DnsLookupError, dohResolver } from "../../src/webhooks/dns-resolver";
import { network } from "../helpers/network";

const DOH = "https://doh.test/dns-query";

type Zone = Record<string, { A?: unknown; AAAA?: unknown }>;

/** A DNS-over-HTTPS server speaking the JSON form (`application/dns-json`) for the names in `zone`. */
function serveDoh(zone: Zone, url = DOH) {
  const asked: string[] = [];
  network.use(
    http.get(url, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const name = query.get("name") ?? "";
      const type = query.get("type") as "A" | "AAAA";
      asked.push(`${name} ${type} ${request.headers.get("accept")}`);
      const answer = zone[name]?.[type];
      if (answer instanceof Response) return answer;
      if (answer === undefined && !(name in zone)) return HttpResponse.json({ Status: 3 });
      return HttpResponse.json(answer ?? { Status: 0 });
    }),
  );
  return asked;
}

const records = (type: number, ...data: string[]) => ({
  Status: 0,
  Answer: data.map((value) => ({ name: "x", type, TTL: 60, data: value })),
});

describe("dohResolver", () => {
  it("returns the A and AAAA addresses, asking both with the DNS JSON media type", async () => {
    const asked = serveDoh({
      "hooks.example.com": { A: records(1, "93.184.215.14"), AAAA: records(28, "2606:2800:21f::1") },
    });
    const addresses = await dohResolver({ baseUrl: DOH })("hooks.example.com");
    expect(addresses).toEqual(["93.184.215.14", "2606:2800:21f::1"]);
    expect(asked.sort()).toEqual([
      "hooks.example.com A application/dns-json",
      "hooks.example.com AAAA application/dns-json",
    ]);
  });

  it("keeps the final addresses of a CNAME chain, not the alias names", async () => {
    const chain = {
      Status: 0,
      Answer: [
        { name: "hooks.example.com", type: 5, TTL: 60, data: "lb.example.net." },
        { name: "lb.example.net", type: 1, TTL: 60, data: "127.0.0.1" },
      ],
    };
    serveDoh({ "hooks.example.com": { A: chain } });
    expect(await dohResolver({ baseUrl: DOH })("hooks.example.com")).toEqual(["127.0.0.1"]);
  });

  it("returns nothing for a name that does not exist (NXDOMAIN)", async () => {
    serveDoh({});
    expect(await dohResolver({ baseUrl: DOH })("nowhere.example.com")).toEqual([]);
  });

  it.each([
    ["a resolver error (SERVFAIL)", { Status: 2 }, /rcode 2/],
    ["an HTTP error", new HttpResponse("busy", { status: 503 }), /HTTP 503/],
    [
      "an unreadable answer",
      new HttpResponse("<html>", { headers: { "content-type": "text/html" } }),
      /unreadable/,
    ],
  ])("throws DnsLookupError on %s, even if the other family answered", async (_, answer, message) => {
    serveDoh({ "hooks.example.com": { A: records(1, "93.184.215.14"), AAAA: answer } });
    const lookup = dohResolver({ baseUrl: DOH })("hooks.example.com");
    await expect(lookup).rejects.toThrow(DnsLookupError);
    await expect(lookup).rejects.toThrow(message);
  });

  it("gives up after its timeout", async () => {
    network.use(
      http.get(DOH, async () => {
        await delay("infinite");
        return HttpResponse.json({ Status: 0 });
      }),
    );
    await expect(dohResolver({ baseUrl: DOH, timeoutMs: 20 })("slow.example.com")).rejects.toThrow(
      /timed out/,
    );
  });

  it("asks Cloudflare's resolver unless told otherwise", async () => {
    const asked = serveDoh({ "hooks.example.com": { A: records(1, "93.184.215.14") } }, DEFAULT_DOH_URL);
    expect(await dohResolver()("hooks.example.com")).toEqual(["93.184.215.14"]);
    expect(asked).toHaveLength(2);
  });
});
