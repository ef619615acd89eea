import { z } from "zod";

/** The addresses a host name resolves to (A and AAAA); empty when it has none. Throws when it cannot tell. */
export type Resolver = (host: string) => Promise<string[]>;

/** The lookup itself failed (timeout, resolver error): nothing is known about the host's addresses. */
export class DnsLookupError extends Error {
  override name = "DnsLookupError";
}

export const DEFAULT_DOH_URL = "https://cloudflare-dns.com/dns-query";

const RECORD_TYPES = { A: 1, AAAA: 28 } as const;
const NOERROR = 0;
const NXDOMAIN = 3;

/** The part of a DNS JSON answer (RFC 8484 resolvers' `application/dns-json` form) read here. */
const DnsJsonAnswer = z.object({
  Status: z.number().int(),
  Answer: z.array(z.object({ type: z.number().int(), data: z.string() })).optional(),
});

export interface DohResolverOptions {
  /** A DNS JSON endpoint (Cloudflare's and Google's speak the same format). */
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A resolver over DNS-over-HTTPS, since Workers have no DNS socket API. A and AAAA are asked in parallel and
 * both must answer: an address family left unknown could be the private one. CNAME chains are followed by
 * the resolver; only the final address records are kept.
 */
export function dohResolver({
  baseUrl = DEFAULT_DOH_URL,
  timeoutMs = 3000,
  fetch: fetchImpl = fetch,
}: DohResolverOptions = {}): Resolver {
  const lookup = async (host: string, type: keyof typeof RECORD_TYPES): Promise<string[]> => {
    const url = new URL(baseUrl);
    url.searchParams.set("name", host);
    url.searchParams.set("type", type);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: { accept: "application/dns-json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new DnsLookupError(timedOut ? `DNS lookup timed out after ${timeoutMs} ms` : "DNS lookup failed");
    }
    if (!response.ok) throw new DnsLookupError(`DNS resolver answered HTTP ${response.status}`);
    const answer = DnsJsonAnswer.safeParse(await response.json().catch(() => null));
    if (!answer.success) throw new DnsLookupError("DNS resolver sent an unreadable answer");
    if (answer.data.Status === NXDOMAIN) return [];
    if (answer.data.Status !== NOERROR)
      throw new DnsLookupError(`DNS lookup failed (rcode ${answer.data.Status})`);
    return (answer.data.Answer ?? [])
      .filter((record) => record.type === RECORD_TYPES[type])
      .map((r) => r.data);
  };
  return async (host) => {
    const [v4, v6] = await Promise.all([lookup(host, "A"), lookup(host, "AAAA")]);
    return [...v4, ...v6];
  };
}
