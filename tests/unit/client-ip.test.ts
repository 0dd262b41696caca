import { describe, expect, it } from "vitest";
import { clientIpOf } from "~/utils/request.server";

describe("clientIpOf, the client as rate limits count it", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
  ])("%s counts as %s", (ip, expected) => {
    expect(clientIpOf({ clientIp: ip })).toBe(expected);
  });

  it("puts every address of one IPv6 /64 under one limit, and different /64s under different ones", () => {
    expect(clientIpOf({ clientIp: "2001:db8:1:2::1" })).toBe(clientIpOf({ clientIp: "2001:db8:1:2:ffff::9" }));
    expect(clientIpOf({ clientIp: "2001:db8:1:2::1" })).not.toBe(clientIpOf({ clientIp: "2001:db8:1:3::1" }));
  });

  it("says unknown when the server could not tell", () => {
    expect(clientIpOf({})).toBe("unknown");
    expect(clientIpOf(undefined)).toBe("unknown");
  });
});
