// Where a webhook may be sent (SSRF protection). A receiver's URL is chosen by an admin,
// but its DNS is not: a public name can resolve to, or be re-pointed at, the server's own
// network (a database on 10.0.0.5, the cloud metadata service on 169.254.169.254). So the
// URL must be https, every address its name resolves to must be public, and the request
// connects to the address that was checked (`pinnedLookup`), never to a second lookup a
// DNS rebind could answer differently. The check runs when the URL is registered and
// again before every delivery. Redirects are never followed (the worker treats a 3xx as
// a failed attempt), so a receiver cannot bounce the request inward either.
import dns from "node:dns";
import net from "node:net";
import type { LookupFunction } from "node:net";
import { err, ok, type Result } from "~/utils/result";

export type TargetRefusal = "error.webhookUrlInvalid" | "error.webhookHttpsOnly" | "error.webhookPrivateAddress" | "error.webhookUnresolvable";

/** Checked: the URL, and the one address requests to it connect to. */
export type CheckedTarget = { url: URL; address: string; family: 4 | 6 };

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * "For tests and local receivers only": lifts the https and address rules, so a receiver
 * on 127.0.0.1 over plain http can be used. Never set it on a server others can reach.
 */
export function privateTargetsAllowed(): boolean {
  return process.env.WEBHOOKS_ALLOW_PRIVATE === "1";
}

// Addresses a webhook never goes to. Each line is a range from the IANA special-purpose
// registries that is not the public internet.
const BLOCKED: [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"], // "this network", and 0.0.0.0 (unspecified), which connects to the host itself
  ["10.0.0.0", 8, "ipv4"], // private
  ["100.64.0.0", 10, "ipv4"], // carrier-grade NAT (also Alibaba's metadata, 100.100.100.200)
  ["127.0.0.0", 8, "ipv4"], // loopback
  ["169.254.0.0", 16, "ipv4"], // link-local (the cloud metadata service, 169.254.169.254)
  ["172.16.0.0", 12, "ipv4"], // private
  ["192.0.0.0", 24, "ipv4"], // IETF protocol assignments
  ["192.0.2.0", 24, "ipv4"], // documentation
  ["192.88.99.0", 24, "ipv4"], // 6to4 relay anycast
  ["192.168.0.0", 16, "ipv4"], // private
  ["198.18.0.0", 15, "ipv4"], // benchmarking
  ["198.51.100.0", 24, "ipv4"], // documentation
  ["203.0.113.0", 24, "ipv4"], // documentation
  ["224.0.0.0", 4, "ipv4"], // multicast
  ["240.0.0.0", 4, "ipv4"], // reserved, and the broadcast address
  ["::", 128, "ipv6"], // unspecified
  ["::1", 128, "ipv6"], // loopback
  ["64:ff9b::", 96, "ipv6"], // NAT64: the same
  ["64:ff9b:1::", 48, "ipv6"], // local-use NAT64
  ["100::", 64, "ipv6"], // discard-only
  ["2001:db8::", 32, "ipv6"], // documentation
  ["2002::", 16, "ipv6"], // 6to4: embeds an IPv4 address
  ["fc00::", 7, "ipv6"], // unique-local (AWS's IPv6 metadata, fd00:ec2::254)
  ["fe80::", 10, "ipv6"], // link-local
  ["fec0::", 10, "ipv6"], // site-local (deprecated, still routed by some)
  ["ff00::", 8, "ipv6"], // multicast
];
// Metadata services at otherwise public addresses.
const BLOCKED_ADDRESSES: [string, "ipv4" | "ipv6"][] = [
  ["168.63.129.16", "ipv4"], // Azure's wire server
];

const blockList = new net.BlockList();
for (const [network, prefix, type] of BLOCKED) blockList.addSubnet(network, prefix, type);
for (const [address, type] of BLOCKED_ADDRESSES) blockList.addAddress(address, type);
// IPv4-mapped IPv6 (::ffff:a.b.c.d) is refused whatever IPv4 address it carries: a
// receiver has no reason to be reached that way. It is a list of its own because a
// BlockList checks an IPv4 address against its IPv6 rules as ::ffff:a.b.c.d, so this
// range in the main list would refuse every IPv4 address.
const ipv4Mapped = new net.BlockList();
ipv4Mapped.addSubnet("::ffff:0:0", 96, "ipv6");

/** Whether a webhook may connect to this IP address (a literal, as DNS answered it). */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6 && ipv4Mapped.check(address, "ipv6")) return false;
  return !blockList.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** The URL's own rules, before any lookup: absolute, https (unless private targets are allowed), no credentials in it. */
export function parseTargetUrl(raw: string): Result<URL, TargetRefusal> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err("error.webhookUrlInvalid", "url");
  }
  const allowedProtocols = privateTargetsAllowed() ? ["https:", "http:"] : ["https:"];
  if (url.protocol !== "https:" && url.protocol !== "http:") return err("error.webhookUrlInvalid", "url");
  if (!allowedProtocols.includes(url.protocol)) return err("error.webhookHttpsOnly", "url");
  // A password in the URL would be shown on the admin page and sent in the clear in logs.
  if (url.username || url.password || !url.hostname) return err("error.webhookUrlInvalid", "url");
  return ok(url);
}

/** The hostname as DNS and net.isIP take it: URL keeps IPv6 literals in brackets. */
function bareHost(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Checks a URL and finds the address to connect to. Every address the name resolves to
 * must be public: a name with one private address among public ones is refused, since
 * which one a client picks is not ours to decide.
 */
export async function checkTarget(raw: string, resolve: Resolver = systemResolver): Promise<Result<CheckedTarget, TargetRefusal>> {
  const parsed = parseTargetUrl(raw);
  if (!parsed.ok) return parsed;
  const url = parsed.value;
  const host = bareHost(url);
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return err("error.webhookUnresolvable", "url");
    }
  }
  if (addresses.length === 0) return err("error.webhookUnresolvable", "url");
  if (!privateTargetsAllowed() && !addresses.every((a) => isPublicAddress(a.address))) return err("error.webhookPrivateAddress", "url");
  const chosen = addresses[0];
  return ok({ url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 });
}

/**
 * A `lookup` for http(s).request that answers with the checked address whatever it is
 * asked, so the connection goes where the check looked (TLS still verifies the
 * certificate against the URL's hostname, which the request keeps as `servername`).
 */
export function pinnedLookup(target: Pick<CheckedTarget, "address" | "family">): LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    // Node 20 asks for every address (`all`) when it may try several families.
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}
