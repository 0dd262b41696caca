// Fixed-window rate limits kept in SQLite, so they hold across restarts and workers.
import { deleteWindowsBefore, hitsInWindow, recordHit } from "~/models/rate-limits.server";

export const RATE_LIMITS = {
  login: { limit: 5, windowMs: 60_000 },
  loginFromIp: { limit: 100, windowMs: 900_000 },
  signup: { limit: 5, windowMs: 3_600_000 },
  // Account emails (sign-up and password-reset links) to one address: 3 an hour per
  // asking IP, and 10 an hour in all, so one stranger (5 requests an hour) cannot use
  // them up alone. Several can, which is why the owner has an allowance of their own.
  accountEmailFromIp: { limit: 3, windowMs: 3_600_000 },
  accountEmail: { limit: 10, windowMs: 3_600_000 },
  // The owner's own requests (signed in as the address, or from where they signed in
  // lately) draw on this instead, which strangers cannot reach (ADR 006, addendum).
  accountEmailOwner: { limit: 5, windowMs: 3_600_000 },
  passwordReset: { limit: 5, windowMs: 3_600_000 },
  // Tries at one reset link: each costs an argon2 hash, so they are capped before it.
  passwordResetUse: { limit: 5, windowMs: 3_600_000 },
  signupConfirm: { limit: 5, windowMs: 3_600_000 },
  post: { limit: 10, windowMs: 3_600_000 },
  comment: { limit: 30, windowMs: 3_600_000 },
  commentEdit: { limit: 30, windowMs: 3_600_000 },
  // Team invites an admin may send an hour, and tries at one invite's sign-up form (each an argon2 hash).
  teamInvite: { limit: 20, windowMs: 3_600_000 },
  teamJoin: { limit: 5, windowMs: 3_600_000 },
  // "Send me a test" of the weekly digest, per staff member.
  digestTest: { limit: 5, windowMs: 3_600_000 },
  // Requests per API key (issue 14); a 429 says when the window ends (Retry-After).
  api: { limit: 600, windowMs: 60_000 },
  // Refused single sign-on links per IP (issue 14): only failures count, so a busy
  // office behind one address keeps signing in while a script trying tokens is stopped.
  ssoFailure: { limit: 30, windowMs: 900_000 },
} as const;

export type RateLimitRule = keyof typeof RATE_LIMITS;

let lastCleanup = 0;

/** Counts this attempt; false once the limit for the window is passed. */
export function allowAttempt(rule: RateLimitRule, subject: string, now = Date.now()): boolean {
  const { limit, windowMs } = RATE_LIMITS[rule];
  const windowStart = now - (now % windowMs);
  if (now - lastCleanup > 600_000) {
    lastCleanup = now;
    deleteWindowsBefore(now - 2 * 3_600_000);
  }
  return recordHit(`${rule}:${subject}`, windowStart) <= limit;
}

/** Whether the limit for the window is already used up, without counting an attempt (rules that count only failures). */
export function limitReached(rule: RateLimitRule, subject: string, now = Date.now()): boolean {
  const { limit, windowMs } = RATE_LIMITS[rule];
  return hitsInWindow(`${rule}:${subject}`, now - (now % windowMs)) >= limit;
}

/** Seconds until the current window of `rule` ends: what a 429's Retry-After says. */
export function retryAfterSeconds(rule: RateLimitRule, now = Date.now()): number {
  const { windowMs } = RATE_LIMITS[rule];
  return Math.max(1, Math.ceil((windowMs - (now % windowMs)) / 1000));
}
