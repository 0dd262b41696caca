// Where a webhook may go (SSRF): https only, and never to an address inside a network
// the server can reach but the public cannot, whether the URL names it or its DNS does.
import { afterEach, describe, expect, it } from "vitest";
import { checkTarget, isPublicAddress } from "~/services/webhook-target.server";

const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const publicDns = resolvesTo("93.184.216.34");

afterEach(() => {
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
});

describe("checkTarget", () => {
  it.each([
    ["https://127.0.0.1/hook", "loopback"],
    ["https://127.8.9.10/hook", "loopback, anywhere in 127/8"],
    ["https://[::1]/hook", "IPv6 loopback"],
    ["https://10.1.2.3/hook", "private 10/8"],
    ["https://172.16.0.5/hook", "private 172.16/12"],
    ["https://192.168.1.1/hook", "private 192.168/16"],
    ["https://169.254.169.254/latest/meta-data/", "the cloud metadata service (link-local)"],
    ["https://100.100.100.200/", "CGNAT (Alibaba's metadata)"],
    ["https://0.0.0.0/", "unspecified"],
    ["https://[::]/", "IPv6 unspecified"],
    ["https://224.0.0.1/", "multicast"],
    ["https://[ff02::1]/", "IPv6 multicast"],
    ["https://[fe80::1]/", "IPv6 link-local"],
    ["https://[fd00:ec2::254]/", "unique-local (AWS's IPv6 metadata)"],
    ["https://[::ffff:127.0.0.1]/", "IPv4-mapped loopback"],
    ["https://[::ffff:8.8.8.8]/", "IPv4-mapped, even of a public address"],
    ["https://[64:ff9b::a00:1]/", "NAT64 of 10.0.0.1"],
    ["https://168.63.129.16/", "Azure's wire server"],
  ])("refuses %s (%s)", async (url) => {
    expect(await checkTarget(url, publicDns)).toEqual({ ok: false, error: "error.webhookPrivateAddress", field: "url" });
  });

  it("refuses a name that resolves to loopback: localhost, through the system's resolver", async () => {
    expect(await checkTarget("https://localhost/hook")).toEqual({ ok: false, error: "error.webhookPrivateAddress", field: "url" });
  });

  it("refuses a name whose DNS answers with a private address, even among public ones", async () => {
    expect(await checkTarget("https://hooks.example.test/", resolvesTo("127.0.0.1"))).toMatchObject({ ok: false, error: "error.webhookPrivateAddress" });
    expect(await checkTarget("https://hooks.example.test/", resolvesTo("93.184.216.34", "10.0.0.7"))).toMatchObject({
      ok: false,
      error: "error.webhookPrivateAddress",
    });
  });

  it("accepts a public https address, and pins the one it checked", async () => {
    const checked = await checkTarget("https://hooks.example.test/in?x=1", resolvesTo("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"));
    expect(checked).toMatchObject({ ok: true, value: { address: "93.184.216.34", family: 4 } });
    expect(await checkTarget("https://8.8.8.8/")).toMatchObject({ ok: true, value: { address: "8.8.8.8" } });
  });

  it("refuses http:// without the setting, and anything not a web address", async () => {
    expect(await checkTarget("http://hooks.example.test/", publicDns)).toEqual({ ok: false, error: "error.webhookHttpsOnly", field: "url" });
    expect(await checkTarget("ftp://hooks.example.test/", publicDns)).toMatchObject({ error: "error.webhookUrlInvalid" });
    expect(await checkTarget("hooks.example.test/in", publicDns)).toMatchObject({ error: "error.webhookUrlInvalid" });
    expect(await checkTarget("https://user:secret@hooks.example.test/", publicDns)).toMatchObject({ error: "error.webhookUrlInvalid" });
  });

  it("refuses a name that does not resolve", async () => {
    const nowhere = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await checkTarget("https://nowhere.example.test/", nowhere)).toEqual({ ok: false, error: "error.webhookUnresolvable", field: "url" });
  });

  it("with WEBHOOKS_ALLOW_PRIVATE=1 (tests and local receivers only), allows http and loopback", async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
    expect(await checkTarget("http://127.0.0.1:8080/hook")).toMatchObject({ ok: true, value: { address: "127.0.0.1" } });
    expect(await checkTarget("http://localhost:8080/hook", resolvesTo("127.0.0.1"))).toMatchObject({ ok: true });
  });
});

describe("isPublicAddress", () => {
  it("tells public addresses from the rest", () => {
    expect(["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111"].map(isPublicAddress)).toEqual([true, true, true, true]);
    expect(["127.0.0.1", "10.0.0.1", "100.64.0.1", "::1", "fc00::1", "not an address"].map(isPublicAddress)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
