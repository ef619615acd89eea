import type { Config } from "../config";
import type { Resolver } from "./dns-resolver";
import { type AddressCategory, addressCategory } from "./ip-ranges";

/**
 * Where a webhook may be sent (OWASP API7, server-side request forgery): a public HTTPS host on a web port.
 * Checked when an endpoint is saved and again before every attempt, since DNS can change in between.
 */

export type UrlRefusalReason =
  | AddressCategory
  | "invalid_url"
  | "scheme_not_allowed"
  | "credentials_in_url"
  | "port_not_allowed"
  | "internal_hostname"
  | "unresolvable"
  | "dns_lookup_failed";

export type UrlCheck =
  | { ok: true; url: URL; addresses: string[] }
  | { ok: false; reason: UrlRefusalReason; detail: string };

export interface UrlPolicyOptions {
  environment: Config["ENVIRONMENT"];
  resolve: Resolver;
}

const MAX_URL_LENGTH = 2048;
const ALLOWED_PORTS = new Set(["", "443", "80", "8443"]);
const METADATA_HOSTNAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.com",
]);
/** Suffixes reserved for private networks or never delegated in public DNS. */
const INTERNAL_SUFFIXES = [".internal", ".local", ".localdomain", ".home.arpa", ".lan", ".intranet", ".corp"];

const DESCRIPTIONS: Record<AddressCategory, string> = {
  loopback: "a loopback address",
  private: "a private-network address",
  link_local: "a link-local address",
  shared_address_space: "a carrier-grade NAT address",
  cloud_metadata: "a cloud metadata address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  documentation: "an address reserved for documentation",
  benchmarking: "an address reserved for benchmarking",
  reserved: "a reserved address",
};

type Refusal = Extract<UrlCheck, { ok: false }>;

const refuse = (reason: UrlRefusalReason, detail: string): Refusal => ({ ok: false, reason, detail });
const isLocalhostName = (hostname: string) => hostname === "localhost" || hostname.endsWith(".localhost");

/** A refusal when `address` may not be reached; development reaches loopback so a local receiver works. */
function addressRefusal(address: string, development: boolean, via?: string): Refusal | null {
  const category = addressCategory(address);
  if (category === undefined)
    return refuse("unresolvable", `${via} resolved to "${address}", not an IP address.`);
  if (category === null || (development && category === "loopback")) return null;
  const subject = via ? `${via} resolves to ${address}, ` : `${address} is `;
  return refuse(category, `${subject}${DESCRIPTIONS[category]}.`);
}

/** The refusal for a host name that names an internal service whatever DNS says, or null. */
function hostnameRefusal(hostname: string, development: boolean): Refusal | null {
  if (isLocalhostName(hostname))
    return development ? null : refuse("loopback", `${hostname} is a loopback name.`);
  if (METADATA_HOSTNAMES.has(hostname))
    return refuse("cloud_metadata", `${hostname} is a cloud metadata service.`);
  if (!hostname.includes(".") || INTERNAL_SUFFIXES.some((suffix) => hostname.endsWith(suffix))) {
    return refuse("internal_hostname", `${hostname} is not a public DNS name.`);
  }
  return null;
}

/** Scheme, credentials and port: what can be refused from the URL's text alone. */
function shapeRefusal(url: URL, development: boolean): Refusal | null {
  if (url.protocol !== "https:" && !(development && url.protocol === "http:")) {
    return refuse("scheme_not_allowed", development ? "Use an http or https URL." : "Use an https URL.");
  }
  if (url.username || url.password) {
    return refuse(
      "credentials_in_url",
      "Remove the user name and password from the URL; requests are signed.",
    );
  }
  if (!development && !ALLOWED_PORTS.has(url.port)) {
    return refuse("port_not_allowed", `Port ${url.port} is not allowed; use 443, 80 or 8443.`);
  }
  return null;
}

/** The host's addresses when every one of them is public, else the refusal. */
async function resolvePublic(hostname: string, options: UrlPolicyOptions): Promise<Refusal | string[]> {
  let addresses: string[];
  try {
    addresses = await options.resolve(hostname);
  } catch (error) {
    const why = error instanceof Error ? error.message : "DNS lookup failed";
    return refuse("dns_lookup_failed", `Could not check where ${hostname} points (${why}); try again.`);
  }
  if (addresses.length === 0) return refuse("unresolvable", `${hostname} has no A or AAAA record.`);
  const development = options.environment === "development";
  // Every address must be public: a name answering one public and one private address is refused.
  for (const address of addresses) {
    const refusal = addressRefusal(address, development, hostname);
    if (refusal) return refusal;
  }
  return addresses;
}

/**
 * Whether a webhook may be sent to `rawUrl`; a refusal names its reason and says why in words.
 * The URL parser has already turned decimal, hex, octal and short IPv4 forms into dotted decimal and
 * IPv6 into its compressed form, so every IP literal is classified as the address it really is.
 */
export async function checkWebhookUrl(rawUrl: string, options: UrlPolicyOptions): Promise<UrlCheck> {
  const development = options.environment === "development";
  if (rawUrl.length > MAX_URL_LENGTH)
    return refuse("invalid_url", `A URL has at most ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse("invalid_url", "Not a valid absolute URL.");
  }
  const shape = shapeRefusal(url, development);
  if (shape) return shape;
  // A trailing dot names the same host ("localhost." is localhost).
  const hostname = url.hostname.replace(/\.+$/, "");
  if (addressCategory(hostname) !== undefined) {
    return (
      addressRefusal(hostname, development) ?? {
        ok: true,
        url,
        addresses: [hostname.replace(/^\[|\]$/g, "")],
      }
    );
  }
  const named = hostnameRefusal(hostname, development);
  if (named) return named;
  if (isLocalhostName(hostname)) return { ok: true, url, addresses: [] };
  const resolved = await resolvePublic(hostname, options);
  return Array.isArray(resolved) ? { ok: true, url, addresses: resolved } : resolved;
}
