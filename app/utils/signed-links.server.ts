// Links in emails that act without a login ("Did this solve it?", unsubscribe) carry
// an HMAC of what they do and for whom, so nobody can forge one for another user.
import crypto from "node:crypto";

export const LINK_PURPOSES = ["csat", "unsubscribe-post", "unsubscribe-all"] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];
export type LinkClaim = { purpose: LinkPurpose; postId: number; userId: number };

let secret: string | undefined;

/** Handed in once at start (see `loadLinkSecret` in site.server.ts), so this module reads no table. */
export function setLinkSecret(value: string): void {
  if (value.length < 16) throw new Error("The link secret must be at least 16 characters");
  secret = value;
}

function linkSecret(): string {
  if (!secret) throw new Error("No link secret: call loadLinkSecret() at start");
  return secret;
}

function signature(body: string): string {
  return crypto.createHmac("sha256", linkSecret()).update(body).digest("base64url").slice(0, 32);
}

/** A keyed hash of a value kept for comparison only (such as a client address), under its own label. */
export function keyedHash(label: string, value: string): string {
  return crypto.createHmac("sha256", linkSecret()).update(`${label}:${value}`).digest("base64url");
}

export function signLink(claim: LinkClaim): string {
  const body = `${claim.purpose}.${claim.postId}.${claim.userId}`;
  return `${body}.${signature(body)}`;
}

/** The claim of a token, or null when it was altered or is not one of ours. */
export function verifyLink(token: string, purpose: LinkPurpose): LinkClaim | null {
  const match = /^([a-z-]+)\.(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match || match[1] !== purpose) return null;
  const body = `${match[1]}.${match[2]}.${match[3]}`;
  const expected = Buffer.from(signature(body));
  const given = Buffer.from(match[4]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  return { purpose, postId: Number(match[2]), userId: Number(match[3]) };
}

/** The address links in emails point at. */
export function publicUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}
