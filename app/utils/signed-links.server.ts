// Links in emails that act without a login ("Did this solve it?", unsubscribe) carry
// an HMAC of what they do and for whom, so nobody can forge one for another user.
import crypto from "node:crypto";

export const LINK_PURPOSES = ["csat", "unsubscribe-post", "unsubscribe-all", "survey"] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];
/** A link about one post (or none, postId 0) for one user. */
export type PostLinkClaim = { purpose: Exclude<LinkPurpose, "survey">; postId: number; userId: number };
/** A survey email's score link: which survey, for whom, and from which send (the send says the board asked about). */
export type SurveyLinkClaim = { purpose: "survey"; surveyId: number; userId: number; sendId: number };
export type LinkClaim = PostLinkClaim | SurveyLinkClaim;
type ClaimOf<P extends LinkPurpose> = P extends "survey" ? SurveyLinkClaim : PostLinkClaim;

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

// The numbers a claim signs, in order. Post claims keep their original two-number shape,
// so every link already sent keeps working.
function numbersOf(claim: LinkClaim): number[] {
  return claim.purpose === "survey" ? [claim.surveyId, claim.userId, claim.sendId] : [claim.postId, claim.userId];
}

function claimFrom(purpose: LinkPurpose, numbers: number[]): LinkClaim | null {
  if (purpose === "survey") return numbers.length === 3 ? { purpose, surveyId: numbers[0], userId: numbers[1], sendId: numbers[2] } : null;
  return numbers.length === 2 ? { purpose, postId: numbers[0], userId: numbers[1] } : null;
}

export function signLink(claim: LinkClaim): string {
  const body = [claim.purpose, ...numbersOf(claim)].join(".");
  return `${body}.${signature(body)}`;
}

/** The claim of a token, or null when it was altered or is not one of ours. */
export function verifyLink<P extends LinkPurpose>(token: string, purpose: P): ClaimOf<P> | null {
  const match = /^([a-z-]+)((?:\.\d{1,15}){2,3})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match || match[1] !== purpose) return null;
  const body = `${match[1]}${match[2]}`;
  const expected = Buffer.from(signature(body));
  const given = Buffer.from(match[3]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  return claimFrom(purpose, match[2].slice(1).split(".").map(Number)) as ClaimOf<P> | null;
}

/** The address links in emails point at. */
export function publicUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}
