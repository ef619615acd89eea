import { describe, expect, it } from "vitest";
import { addressCategory, parseIpv4, parseIpv6 } from "../../src/webhooks/ip-ranges";

describe("parseIpv6", () => {
  it.each([
    ["::", "00000000000000000000000000000000"],
    ["::1", "00000000000000000000000000000001"],
    ["1::", "00010000000000000000000000000000"],
    ["2001:db8::8a2e:370:7334", "20010db80000000000008a2e03707334"],
    ["::ffff:192.168.0.1", "00000000000000000000ffffc0a80001"],
    ["FE80:0:0:0:0:0:0:1", "fe800000000000000000000000000001"],
  ])("reads %s", (text, hex) => {
    const bytes = parseIpv6(text);
    expect(bytes && [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("")).toBe(hex);
  });

  it.each([
    "1::2::3",
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "12345::",
    "::g",
    ":1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::",
  ])("rejects %s", (text) => {
    expect(parseIpv6(text)).toBeNull();
  });
});

describe("parseIpv4", () => {
  it("reads dotted decimal only, since the URL parser has already normalised every other form", () => {
    expect(parseIpv4("192.168.0.1")).toEqual(Uint8Array.of(192, 168, 0, 1));
    for (const text of ["0177.0.0.1", "127.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "0x7f.0.0.1", ""]) {
      expect(parseIpv4(text)).toBeNull();
    }
  });
});

describe("addressCategory", () => {
  it.each([
    ["172.15.255.255", null],
    ["172.16.0.0", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.0", null],
    ["100.63.255.255", null],
    ["100.64.0.0", "shared_address_space"],
    ["100.127.255.255", "shared_address_space"],
    ["100.128.0.0", null],
    ["169.254.169.253", "link_local"],
    ["169.254.169.254", "cloud_metadata"],
    ["198.17.255.255", null],
    ["198.19.255.255", "benchmarking"],
    ["223.255.255.255", null],
    ["1.1.1.1", null],
    ["1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved"],
    ["2000::", null],
    ["3fff:1000::", null],
    ["3fff::1", "documentation"],
    ["4000::", "reserved"],
    ["fbff::1", "reserved"],
    ["2002:808:808::1", "reserved"],
    ["::8.8.8.8", "reserved"],
    ["64:ff9b:1::1", "private"],
    ["[::1]", "loopback"],
    ["example.com", undefined],
    ["fe80::1%eth0", undefined],
  ])("classifies %s as %s", (address, category) => {
    expect(addressCategory(address)).toBe(category);
  });
});
