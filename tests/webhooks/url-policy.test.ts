import { describe, expect, it } from "vitest";
import { DnsLookupError, type Resolver } from "../../src/webhooks/dns-resolver";
import { checkWebhookUrl, type UrlRefusalReason } from "../../src/webhooks/url-policy";

const PUBLIC_V4 = "93.184.215.14";
const PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c";

/** DNS as the tests want it: each name's addresses; a name missing here does not exist. */
const records: Record<string, string[]> = {
  "hooks.example.com": [PUBLIC_V4, PUBLIC_V6],
  "rebind.example.com": ["127.0.0.1"],
  "127.0.0.1.nip.io": ["127.0.0.1"],
  "mixed.example.com": [PUBLIC_V4, "10.1.2.3"],
  "ula.example.com": [PUBLIC_V6, "fd00::5"],
  "metadata.example.com": ["169.254.169.254"],
  "mapped.example.com": ["::ffff:192.168.0.10"],
};

function resolver(): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    if (host === "dns-down.example.com") throw new DnsLookupError("DNS lookup timed out after 3000 ms");
    return records[host] ?? [];
  };
  return Object.assign(resolve, { calls });
}

const production = (url: string, resolve: Resolver = resolver()) =>
  checkWebhookUrl(url, { environment: "production", resolve });
const development = (url: string, resolve: Resolver = resolver()) =>
  checkWebhookUrl(url, { environment: "development", resolve });

const HOSTILE: [string, UrlRefusalReason][] = [
  ["http://hooks.example.com/fnt", "scheme_not_allowed"],
  ["ftp://hooks.example.com/", "scheme_not_allowed"],
  ["file:///etc/passwd", "scheme_not_allowed"],
  ["javascript:alert(1)", "scheme_not_allowed"],
  ["https://user:pass@hooks.example.com/", "credentials_in_url"],
  ["https://token@hooks.example.com/", "credentials_in_url"],
  ["https://hooks.example.com:22/", "port_not_allowed"],
  ["https://hooks.example.com:6379/", "port_not_allowed"],
  ["https://localhost/", "loopback"],
  ["https://LOCALHOST./", "loopback"],
  ["https://api.localhost/", "loopback"],
  ["https://ⓛocalhost/", "loopback"],
  ["https://127.0.0.1/", "loopback"],
  ["https://2130706433/", "loopback"],
  ["https://0x7f000001/", "loopback"],
  ["https://0177.0.0.1/", "loopback"],
  ["https://127.1/", "loopback"],
  ["https://0x7f.1/", "loopback"],
  ["https://１２７.０.０.１/", "loopback"],
  ["https://%31%32%37.0.0.1/", "loopback"],
  ["https://[::1]/", "loopback"],
  ["https://[0:0:0:0:0:0:0:1]/", "loopback"],
  ["https://[::ffff:127.0.0.1]/", "loopback"],
  ["https://[::ffff:7f00:1]/", "loopback"],
  ["https://[::127.0.0.1]/", "loopback"],
  ["https://[64:ff9b::7f00:1]/", "loopback"],
  ["https://0.0.0.0/", "unspecified"],
  ["https://0/", "unspecified"],
  ["https://[::]/", "unspecified"],
  ["https://10.0.0.1/", "private"],
  ["https://172.16.5.4/", "private"],
  ["https://172.31.255.255/", "private"],
  ["https://192.168.1.1/", "private"],
  ["https://0300.0250.0.1/", "private"],
  ["https://[fd12:3456::1]/", "private"],
  ["https://[fc00::1]/", "private"],
  ["https://[64:ff9b::10.0.0.1]/", "private"],
  ["https://[2002:c0a8:101::1]/", "private"],
  ["https://169.254.169.254/latest/meta-data/", "cloud_metadata"],
  ["https://[::ffff:a9fe:a9fe]/", "cloud_metadata"],
  ["https://[fd00:ec2::254]/", "cloud_metadata"],
  ["https://100.100.100.200/", "cloud_metadata"],
  ["https://metadata.google.internal/computeMetadata/v1/", "cloud_metadata"],
  ["https://169.254.10.20/", "link_local"],
  ["https://[fe80::1]/", "link_local"],
  ["https://100.64.0.1/", "shared_address_space"],
  ["https://224.0.0.1/", "multicast"],
  ["https://[ff02::1]/", "multicast"],
  ["https://255.255.255.255/", "broadcast"],
  ["https://192.0.2.10/", "documentation"],
  ["https://[2001:db8::1]/", "documentation"],
  ["https://198.18.0.1/", "benchmarking"],
  ["https://240.0.0.1/", "reserved"],
  ["https://[2001::1]/", "reserved"],
  ["https://intranet/", "internal_hostname"],
  ["https://printer.local/", "internal_hostname"],
  ["https://db.internal/", "internal_hostname"],
  ["https://rebind.example.com/", "loopback"],
  ["https://127.0.0.1.nip.io/", "loopback"],
  ["https://mixed.example.com/", "private"],
  ["https://ula.example.com/", "private"],
  ["https://metadata.example.com/", "cloud_metadata"],
  ["https://mapped.example.com/", "private"],
  ["https://nxdomain.example.com/", "unresolvable"],
  ["https://dns-down.example.com/", "dns_lookup_failed"],
  ["not a url", "invalid_url"],
  ["https://1.2.3.4.5/", "invalid_url"],
  ["https://[fe80::1%25eth0]/", "invalid_url"],
  [`https://hooks.example.com/${"a".repeat(2100)}`, "invalid_url"],
];

describe("webhook URL policy outside development", () => {
  it.each(HOSTILE)("refuses %s (%s)", async (url, reason) => {
    const check = await production(url);
    expect(check).toMatchObject({ ok: false, reason });
    if (!check.ok) expect(check.detail.length).toBeGreaterThan(10);
  });

  it("says in words which address a name resolved to", async () => {
    expect(await production("https://rebind.example.com/hook")).toEqual({
      ok: false,
      reason: "loopback",
      detail: "rebind.example.com resolves to 127.0.0.1, a loopback address.",
    });
    const down = await production("https://dns-down.example.com/");
    expect(down).toMatchObject({ detail: expect.stringContaining("timed out") });
  });

  it.each([
    ["https://hooks.example.com/fnt?source=novel", [PUBLIC_V4, PUBLIC_V6]],
    ["https://hooks.example.com:8443/fnt", [PUBLIC_V4, PUBLIC_V6]],
    ["https://hooks.example.com:443/fnt", [PUBLIC_V4, PUBLIC_V6]],
    ["https://hooks.example.com./fnt", [PUBLIC_V4, PUBLIC_V6]],
    [`https://${PUBLIC_V4}/hook`, [PUBLIC_V4]],
    ["https://[2606:4700::1111]/hook", ["2606:4700::1111"]],
    ["https://[::ffff:8.8.8.8]/hook", ["::ffff:808:808"]],
    ["https://[64:ff9b::8.8.8.8]/hook", ["64:ff9b::808:808"]],
  ])("accepts %s", async (url, addresses) => {
    const check = await production(url);
    expect(check).toMatchObject({ ok: true, addresses });
    if (check.ok) expect(check.url.href).toBe(new URL(url).href);
  });

  it("asks DNS only about names, never about IP literals", async () => {
    const resolve = resolver();
    await production("https://0x7f000001/", resolve);
    await production(`https://${PUBLIC_V4}/`, resolve);
    await production("https://hooks.example.com/", resolve);
    expect(resolve.calls).toEqual(["hooks.example.com"]);
  });

  it("refuses at delivery a host whose DNS changed to a private address after it was saved", async () => {
    const answers = [[PUBLIC_V4], ["10.0.0.7"]];
    const resolve: Resolver = async () => answers.shift() ?? [];
    expect(await production("https://hooks.example.com/fnt", resolve)).toMatchObject({ ok: true });
    expect(await production("https://hooks.example.com/fnt", resolve)).toMatchObject({
      ok: false,
      reason: "private",
    });
  });
});

describe("webhook URL policy in development", () => {
  it.each([
    "http://127.0.0.1:8796/",
    "http://localhost:8796/hook",
    "http://[::1]:8796/",
    "http://rebind.example.com:8796/",
    "https://hooks.example.com:9999/",
  ])("accepts %s so a local receiver works", async (url) => {
    expect(await development(url)).toMatchObject({ ok: true });
  });

  it.each([
    ["http://10.0.0.5:8796/", "private"],
    ["http://169.254.169.254/", "cloud_metadata"],
    ["http://metadata.google.internal/", "cloud_metadata"],
    ["http://user:pw@localhost:8796/", "credentials_in_url"],
    ["ftp://localhost/", "scheme_not_allowed"],
    ["http://mixed.example.com/", "private"],
  ])("still refuses %s (%s)", async (url, reason) => {
    expect(await development(url)).toMatchObject({ ok: false, reason });
  });

  it("does not ask DNS about localhost", async () => {
    const resolve = resolver();
    await development("http://localhost:8796/", resolve);
    expect(resolve.calls).toEqual([]);
  });
});
