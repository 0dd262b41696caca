// The headers app/server.ts (helmet) puts on every response, whatever answers it.
import { expect } from "vitest";

export const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  // Not "no-referrer": browsers would then send `Origin: null` with every form post.
  "referrer-policy": "same-origin",
  "x-frame-options": "SAMEORIGIN",
  "strict-transport-security": "max-age=31536000",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "x-permitted-cross-domain-policies": "none",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-xss-protection": "0",
} as const;

/** Each header once, with helmet's value (a header set twice would read "nosniff, nosniff"). */
export function expectSecurityHeaders(response: Response, what = response.url): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), `${name} on ${what}`).toBe(value);
  expect(response.headers.get("x-powered-by"), `x-powered-by on ${what}`).toBeNull();
}
