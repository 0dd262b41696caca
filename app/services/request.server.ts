// What the HTTP server tells the app about a request (see app/server.js).
export type AppLoadContext = { clientIp?: string };

export function clientIpOf(context: unknown): string {
  const ip = (context as AppLoadContext | undefined)?.clientIp;
  return ip && ip.length > 0 ? ip : "unknown";
}
