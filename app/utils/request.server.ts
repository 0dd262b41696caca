// What the HTTP server tells the app about a request (see app/server.ts).
import ipaddr from "ipaddr.js";

export type AppLoadContext = {
  clientIp?: string;
  /**
   * Resolves once the response's socket has room again (at once when it has). Remix writes
   * a streamed body without waiting for the socket, so a long stream (the export) waits on
   * this before reading more; a client that reads slowly then slows the export, not the heap.
   */
  drained?: () => Promise<void>;
};

/** The load context's `drained`, or an always-ready one (tests call loaders without a server). */
export function responseDrained(context: unknown): () => Promise<void> {
  return (context as AppLoadContext | undefined)?.drained ?? (() => Promise.resolve());
}

/**
 * The client as rate limits count it. An IPv6 client is its /64: one subscriber is
 * usually handed a whole /64, so counting single addresses would let it rotate through
 * millions. An IPv4-mapped IPv6 address counts as the IPv4 address it carries.
 */
export function clientIpOf(context: unknown): string {
  const ip = (context as AppLoadContext | undefined)?.clientIp;
  if (!ip) return "unknown";
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  const hextets = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${hextets.join(":")}::/64`;
}
