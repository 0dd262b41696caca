// Single sign-on from the customer's own app (issue 14; docs/sso.md). The customer's
// server signs a short-lived JWT (HS256) with the shared secret; the visitor's browser
// brings it to /sso, and we verify it, find or make their account, and sign them in.
//
// A token stands only for a customer: the customer's server holds the secret, so if a
// token could sign in a staff or admin account, whoever runs that server could mint an
// admin session here. Staff and admins sign in with their password.
import crypto from "node:crypto";
import { errors, jwtVerify, type JWTPayload } from "jose";
import { transaction, type Db } from "~/db/client.server";
import type { Locale } from "~/i18n";
import { readSetting, readSettings, writeSettings } from "~/models/settings.server";
import { pruneUsedSsoTokens, recordUsedSsoToken } from "~/models/sso.server";
import { findUserByEmailIn, insertSsoUser, updateSsoAccount, type CompanyTraits, type UserRow } from "~/models/users.server";
import { ssoClaimsSchema, ssoEmailClaim, type SsoClaims } from "~/schemas/sso";
import { safeRedirectPath } from "~/utils/redirects";
import { err, ok, type Result } from "~/utils/result";
import { rememberSignInFrom } from "./account.server";
import { SSO_ONLY_PASSWORD_HASH, startSession } from "./auth.server";
import { allowAttempt, limitReached } from "./rate-limit.server";

/** A token may live at most this long: `exp` further ahead is refused (a long-lived link in a log or a history is a standing key). */
export const SSO_MAX_LIFETIME_S = 600;
/** Clocks disagree a little: this much is forgiven on `exp`, `nbf` and the lifetime limit. */
export const SSO_CLOCK_SKEW_S = 30;

export type SsoRefusal =
  | "sso.error.disabled"
  | "sso.error.malformed"
  | "sso.error.algorithm"
  | "sso.error.signature"
  | "sso.error.expired"
  | "sso.error.notYetValid"
  | "sso.error.lifetime"
  | "sso.error.missingClaim"
  | "sso.error.invalidClaim"
  | "sso.error.email"
  | "sso.error.reused"
  | "sso.error.staffAccount"
  | "error.accountBanned"
  | "error.rateLimited";

// ── Settings ────────────────────────────────────────────────────────────────

export type SsoSettings = { enabled: boolean; secret: string | null };

export function getSsoSettings(): SsoSettings {
  const raw = readSettings();
  return { enabled: raw.ssoEnabled === "1" && Boolean(raw.ssoSecret), secret: raw.ssoSecret || null };
}

function newSsoSecret(): string {
  return `sso_${crypto.randomBytes(32).toString("base64url")}`;
}

/** Turns SSO on (making a secret the first time) or off; the secret is kept while it is off. */
export function setSsoEnabled(enabled: boolean): Result {
  if (enabled && !readSetting("ssoSecret")) writeSettings({ ssoSecret: newSsoSecret() });
  writeSettings({ ssoEnabled: enabled ? "1" : "0" });
  return ok();
}

/** A new secret: tokens signed with the old one are refused from now on. */
export function rotateSsoSecret(): Result {
  writeSettings({ ssoSecret: newSsoSecret() });
  return ok();
}

// ── Verifying the token ─────────────────────────────────────────────────────

type VerifiedToken = { email: string; claims: SsoClaims; expiresAt: number };

/** jose's verdict on a token, as the visitor's reason. */
function refusalOf(error: unknown): Result<never, SsoRefusal> {
  if (error instanceof errors.JWTExpired) return err("sso.error.expired");
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return err("sso.error.algorithm");
  if (error instanceof errors.JWSSignatureVerificationFailed) return err("sso.error.signature");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return err("sso.error.notYetValid");
    return error.reason === "missing" ? err("sso.error.missingClaim", error.claim) : err("sso.error.invalidClaim", error.claim);
  }
  // JWSInvalid, JWTInvalid, a token that is not three base64url parts, a payload that is not JSON.
  if (error instanceof errors.JOSEError) return err("sso.error.malformed");
  throw error;
}

/** Signature (HS256 and nothing else), times, and claims; nothing is written. */
export async function verifySsoToken(token: string, secret: string, now: number): Promise<Result<VerifiedToken, SsoRefusal>> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "jti"],
      clockTolerance: SSO_CLOCK_SKEW_S,
      currentDate: new Date(now),
    }));
  } catch (error) {
    return refusalOf(error);
  }
  const expiresAt = payload.exp! * 1000;
  if (expiresAt > now + (SSO_MAX_LIFETIME_S + SSO_CLOCK_SKEW_S) * 1000) return err("sso.error.lifetime");
  const email = ssoEmailClaim.safeParse(payload.email);
  if (!email.success) return err("sso.error.email");
  const claims = ssoClaimsSchema.safeParse(payload);
  if (!claims.success) {
    const claim = String(claims.error.issues[0].path[0]);
    return err(claims.error.issues[0].code === "invalid_type" && payload[claim] === undefined ? "sso.error.missingClaim" : "sso.error.invalidClaim", claim);
  }
  return ok({ email: email.data, claims: claims.data, expiresAt });
}

// ── Signing in ──────────────────────────────────────────────────────────────

/** The traits the token carries; a claim left out keeps what is stored, `null` clears it. */
function traitsOf(claims: SsoClaims): CompanyTraits {
  const traits: CompanyTraits = {};
  if (claims.avatarUrl !== undefined) traits.avatarUrl = claims.avatarUrl;
  if (claims.company !== undefined) traits.company = claims.company;
  if (claims.monthlySpend !== undefined) traits.monthlySpend = claims.monthlySpend;
  return traits;
}

/**
 * Inside one transaction: refuses staff, admins and banned accounts before anything is
 * written, spends the `jti`, then makes, claims or updates the account. A refusal
 * leaves no row behind (not even the used token).
 */
function accountForToken(db: Db, { email, claims, expiresAt }: VerifiedToken, locale: Locale, now: number): Result<UserRow, SsoRefusal> {
  const existing = findUserByEmailIn(db, email);
  if (existing && existing.role !== "customer") return err("sso.error.staffAccount");
  if (existing?.bannedAt) return err("error.accountBanned");
  pruneUsedSsoTokens(db, now - SSO_CLOCK_SKEW_S * 1000);
  if (!recordUsedSsoToken(db, claims.jti, expiresAt)) return err("sso.error.reused");
  const traits = traitsOf(claims);
  const name = claims.name ?? email.split("@")[0].slice(0, 60);
  if (!existing) return ok(insertSsoUser(db, { email, displayName: name, passwordHash: SSO_ONLY_PASSWORD_HASH, locale, ...traits }));
  // A placeholder (an on-behalf vote, an import) is claimed; an account that only SSO
  // opens takes the name the customer's app knows; a password account keeps its own name.
  if (existing.passwordHash === null) return ok(updateSsoAccount(db, existing.id, { displayName: name, passwordHash: SSO_ONLY_PASSWORD_HASH, ...traits }));
  if (existing.passwordHash === SSO_ONLY_PASSWORD_HASH && claims.name) return ok(updateSsoAccount(db, existing.id, { displayName: claims.name, ...traits }));
  return ok(updateSsoAccount(db, existing.id, traits));
}

export type SsoSignIn = { sessionCookie: string; redirectTo: string };

/**
 * `GET /sso`: the whole sign-in. Failed attempts are counted per IP, and past the limit
 * every attempt from there is refused until the window ends.
 */
export async function signInWithSso(
  input: { token?: string; redirectTo?: string },
  request: Request,
  clientIp: string,
  locale: Locale,
  now = Date.now(),
): Promise<Result<SsoSignIn, SsoRefusal>> {
  if (limitReached("ssoFailure", clientIp, now)) return err("error.rateLimited");
  const outcome = await attemptSsoSignIn(input, locale, now);
  if (!outcome.ok) {
    allowAttempt("ssoFailure", clientIp, now);
    return outcome;
  }
  const sessionCookie = await startSession(outcome.value.id, request);
  rememberSignInFrom(outcome.value.id, clientIp, now);
  return ok({ sessionCookie, redirectTo: safeRedirectPath(input.redirectTo, "/") });
}

async function attemptSsoSignIn(input: { token?: string }, locale: Locale, now: number): Promise<Result<UserRow, SsoRefusal>> {
  const settings = getSsoSettings();
  if (!settings.enabled || !settings.secret) return err("sso.error.disabled");
  if (!input.token) return err("sso.error.malformed");
  const verified = await verifySsoToken(input.token, settings.secret, now);
  if (!verified.ok) return verified;
  return transaction((db) => accountForToken(db, verified.value, locale, now));
}
