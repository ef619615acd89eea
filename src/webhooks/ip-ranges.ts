/**
 * Which IP addresses a webhook may not reach: every range that is not public unicast (IANA special-purpose
 * registries for IPv4 and IPv6), plus the cloud metadata addresses, named so a refusal can say why.
 */

export type AddressCategory =
  | "loopback"
  | "private"
  | "link_local"
  | "shared_address_space"
  | "cloud_metadata"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "benchmarking"
  | "reserved";

interface Range {
  prefix: Uint8Array;
  bits: number;
  /** For a range carrying an IPv4 address, the verdict when that address is public (null: reachable). */
  category: AddressCategory | null;
  /** For ranges that carry an IPv4 address (mapped, NAT64, 6to4): where it starts; its own category wins. */
  embeddedV4At?: number;
}

/** Bytes of a dotted-decimal IPv4 address (the only form the URL parser and DNS answers produce), or null. */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)) {
    return null;
  }
  return Uint8Array.from(parts, Number);
}

/** Bytes of an IPv6 address in any RFC 4291 text form (`::` compression, dotted IPv4 tail), or null. */
export function parseIpv6(text: string): Uint8Array | null {
  let groups = text.split(":");
  const tail = groups.at(-1) ?? "";
  if (tail.includes(".")) {
    const v4 = parseIpv4(tail);
    if (!v4) return null;
    groups = [
      ...groups.slice(0, -1),
      ((v4[0]! << 8) | v4[1]!).toString(16),
      ((v4[2]! << 8) | v4[3]!).toString(16),
    ];
  }
  const gap = groups.indexOf("");
  if (text.includes("::")) {
    const head = text.startsWith("::") ? [] : groups.slice(0, gap);
    const rest = groups.slice(groups.lastIndexOf("") + 1);
    const missing = 8 - head.length - rest.length;
    if (missing < 1 || text.indexOf("::") !== text.lastIndexOf("::")) return null;
    groups = [...head, ...Array<string>(missing).fill("0"), ...rest];
  }
  if (groups.length !== 8 || !groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    const value = Number.parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  return bytes;
}

function range(cidr: string, category: AddressCategory | null, embeddedV4At?: number): Range {
  const [address = "", bits = ""] = cidr.split("/");
  const prefix = address.includes(":") ? parseIpv6(address) : parseIpv4(address);
  if (!prefix) throw new Error(`Bad range ${cidr}`);
  return { prefix, bits: Number(bits), category, embeddedV4At };
}

// First match wins: the specific entries (metadata addresses) come before the ranges that hold them.
const IPV4_RANGES: Range[] = [
  range("169.254.169.254/32", "cloud_metadata"), // AWS, GCP, Azure, OpenStack
  range("100.100.100.200/32", "cloud_metadata"), // Alibaba Cloud
  range("0.0.0.0/8", "unspecified"),
  range("10.0.0.0/8", "private"),
  range("100.64.0.0/10", "shared_address_space"), // carrier-grade NAT
  range("127.0.0.0/8", "loopback"),
  range("169.254.0.0/16", "link_local"),
  range("172.16.0.0/12", "private"),
  range("192.0.0.0/24", "reserved"),
  range("192.0.2.0/24", "documentation"),
  range("192.88.99.0/24", "reserved"), // former 6to4 relay anycast
  range("192.168.0.0/16", "private"),
  range("198.18.0.0/15", "benchmarking"),
  range("198.51.100.0/24", "documentation"),
  range("203.0.113.0/24", "documentation"),
  range("224.0.0.0/4", "multicast"),
  range("255.255.255.255/32", "broadcast"),
  range("240.0.0.0/4", "reserved"),
];

const IPV6_RANGES: Range[] = [
  range("::/128", "unspecified"),
  range("::1/128", "loopback"),
  range("::ffff:0:0/96", null, 12), // IPv4-mapped: reaches the IPv4 address itself
  range("::/96", "reserved", 12), // IPv4-compatible, deprecated
  range("64:ff9b::/96", null, 12), // NAT64 well-known prefix: reaches the IPv4 address through the translator
  range("64:ff9b:1::/48", "private"), // NAT64 local use
  range("100::/64", "reserved"), // discard only
  range("2001:2::/48", "benchmarking"),
  range("2001:db8::/32", "documentation"),
  range("2001::/23", "reserved"), // IETF protocol assignments, Teredo among them
  range("2002::/16", "reserved", 2), // 6to4
  range("3fff::/20", "documentation"),
  range("fd00:ec2::254/128", "cloud_metadata"), // AWS over IPv6
  range("fc00::/7", "private"), // unique local
  range("fe80::/10", "link_local"),
  range("fec0::/10", "private"), // site-local, deprecated
  range("ff00::/8", "multicast"),
];

/** Only 2000::/3 is global unicast; everything else in IPv6 is special or unassigned. */
const IPV6_GLOBAL_UNICAST = range("2000::/3", "reserved");

function contains(candidate: Range, bytes: Uint8Array): boolean {
  if (bytes.length !== candidate.prefix.length) return false;
  const whole = candidate.bits >> 3;
  for (let index = 0; index < whole; index++) if (bytes[index] !== candidate.prefix[index]) return false;
  const rest = candidate.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === ((candidate.prefix[whole] ?? 0) & mask);
}

function categoryOf(bytes: Uint8Array): AddressCategory | null {
  const ranges = bytes.length === 4 ? IPV4_RANGES : IPV6_RANGES;
  const match = ranges.find((candidate) => contains(candidate, bytes));
  if (match?.embeddedV4At !== undefined) {
    return categoryOf(bytes.slice(match.embeddedV4At, match.embeddedV4At + 4)) ?? match.category;
  }
  if (match) return match.category;
  return bytes.length === 16 && !contains(IPV6_GLOBAL_UNICAST, bytes) ? "reserved" : null;
}

/**
 * The category of an IP address the webhook must not reach, or null for a public unicast address.
 * Takes dotted IPv4 or IPv6 text (with or without brackets); anything else is not an IP address: undefined.
 */
export function addressCategory(address: string): AddressCategory | null | undefined {
  const text = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const bytes = text.includes(":") ? parseIpv6(text) : parseIpv4(text);
  return bytes ? categoryOf(bytes) : undefined;
}
