// Sign-up and sign-in as the user sees them: rate limits, the pending vote of a
// visitor who clicked Vote before signing in, and the way back to where they were.
//
// When the board can send email, sign-up proves the address first (ADR 006): the form
// always answers "check your inbox", the email either finishes the account or says
// that one exists, and nothing on the page or in its timing tells the two apart.
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { transaction, type Db } from "~/db/client.server";
import type { EmailTemplate } from "~/db/schema";
import type { Locale } from "~/i18n";
import {
  deleteSignupRequestsDoneBefore,
  findOpenSignupRequest,
  insertSignupRequest,
  markSignupRequestUsed,
  type SignupRequestRow,
} from "~/models/signup-requests.server";
import { deleteTrustedSignInsBefore, recordTrustedSignIn, signedInFromClientSince } from "~/models/trusted-sign-ins.server";
import { accountForAddressRequest, claimPlaceholderUser, findUserById, recipientUser, type UserRow } from "~/models/users.server";
import { createAccount, hashPassword, normalizeEmail, passwordMatches, startSession, verifyCredentials, type SessionUser } from "./auth.server";
import { newEmailToken, tokenHashOf } from "~/utils/email-tokens.server";
import { announce } from "./notices.server";
import { kickOutbox, smtpConfigured } from "./outbox.server";
import { keyedHash } from "~/utils/signed-links.server";
import { getSiteSettings } from "./site.server";
import { safeRedirectPath } from "./guards.server";
import { allowAttempt } from "./rate-limit.server";
import { displayNameField, emailField, idParam } from "~/utils/validation";
import { newPasswordField } from "~/utils/passwords.server";
import { castVote } from "./votes.server";

const returnFields = {
  redirectTo: z.string().max(500).optional(),
  vote: z.preprocess((v) => (v === "" ? undefined : v), idParam.optional()).catch(undefined),
};

export const signupSchema = z.object({
  displayName: displayNameField,
  email: emailField,
  password: newPasswordField,
  ...returnFields,
});

export const loginSchema = z.object({
  email: z.string().trim().max(254).default(""),
  password: z.string().max(200).default(""),
  ...returnFields,
});

type Return = { redirectTo?: string; vote?: number };

/** How long a client the owner signed in from counts as theirs for account emails. */
const TRUSTED_CLIENT_MS = 30 * 24 * 3_600_000;

function clientHashOf(clientIp: string): string {
  return keyedHash("client", clientIp);
}

/**
 * Remembers that the account's owner signed in from this client (an IPv4 address or an
 * IPv6 /64, kept only as a keyed hash), so account emails asked for from there later
 * come from the owner's own allowance (ADR 006, addendum).
 */
export function rememberSignInFrom(userId: number, clientIp: string, now = Date.now()): void {
  if (clientIp !== "unknown") recordTrustedSignIn(userId, clientHashOf(clientIp), now);
}

/** Who asked for an account email: the client, and the address of the account the browser is signed in to, if any. */
export type Requester = { clientIp: string; signedInEmail?: string };

/** Whether a request about `email` comes from its owner: signed in as it, or from where they signed in lately. */
function isOwnersRequest(email: string, from: Requester, now: number): boolean {
  // The lookup runs for every request, so its cost says nothing about the address.
  const fromTrustedClient = from.clientIp !== "unknown" && signedInFromClientSince(email, clientHashOf(from.clientIp), now - TRUSTED_CLIENT_MS);
  return from.signedInEmail === email || fromTrustedClient;
}

async function finishSignIn(userId: number, request: Request, back: Return, clientIp: string) {
  const cookie = await startSession(userId, request);
  rememberSignInFrom(userId, clientIp);
  const user = findUserById(userId)!;
  // The post may have gone or the user may be banned: the vote is refused, and signing in still succeeds.
  if (back.vote) castVote(back.vote, user as SessionUser);
  const fallback = back.vote ? `/posts/${back.vote}` : "/";
  return redirect(safeRedirectPath(back.redirectTo, fallback), { headers: { "Set-Cookie": cookie } });
}

export type AccountFailure = {
  formError?: "error.rateLimited" | "error.wrongCredentials" | "error.accountBanned";
  fieldErrors?: { email?: "error.emailTaken" };
  status: number;
};
/** What the sign-up form says when it emailed a link: the same for every address. */
export type ConfirmationSent = { confirmationSentTo: string };

export async function signIn(input: z.output<typeof loginSchema>, request: Request, clientIp: string): Promise<Response | AccountFailure> {
  const email = input.email.toLowerCase();
  // Per address, against guessing one password; per IP, against trying many addresses.
  if (!allowAttempt("loginFromIp", clientIp) || !allowAttempt("login", `${clientIp}:${email}`)) return { formError: "error.rateLimited", status: 429 };
  const user = await verifyCredentials(email, input.password);
  if (!user) return { formError: "error.wrongCredentials", status: 400 };
  // Said only to whoever knows the password; a banned account gets no session (ADR 008).
  if (user.bannedAt) return { formError: "error.accountBanned", status: 403 };
  return finishSignIn(user.id, request, input, clientIp);
}

export async function signUp(
  input: z.output<typeof signupSchema>,
  locale: Locale,
  request: Request,
  clientIp: string,
): Promise<Response | AccountFailure | ConfirmationSent> {
  if (!allowAttempt("signup", clientIp)) return { formError: "error.rateLimited", status: 429 };
  if (smtpConfigured()) return requestSignupByEmail(input, locale, clientIp);
  // Without email there is no way to prove an address, so the account starts at once
  // and a taken address has to be said (the trade-off ADR 006 records).
  const result = await createAccount({ ...input, locale });
  if (!result.ok) return { fieldErrors: { email: "error.emailTaken" }, status: 400 };
  return finishSignIn(result.user.id, request, input, clientIp);
}

const SIGNUP_LINK_LIFETIME_MS = 24 * 3_600_000;

/**
 * What a request about an address (sign-up, password reset) may do inside its
 * transaction: the account (found, or a new placeholder), a fresh token, and `email`,
 * which queues the one account email of this request unless the address has had
 * enough of them this hour.
 */
export type AddressRequest = {
  db: Db;
  account: UserRow;
  token: string;
  now: number;
  email(template: EmailTemplate, dedupePrefix: string, payload?: object): void;
};

/**
 * Runs a request about an address with the same work whatever the address: one account
 * row found or made (and one user id used up), one outbox row, one commit. Caps the
 * emails strangers can have sent to one address; the owner's own requests draw on an
 * allowance strangers cannot reach. The visitor's answer never changes.
 */
export function requestAboutAddress(email: string, locale: Locale, from: Requester, write: (request: AddressRequest) => void): void {
  const now = Date.now();
  const mayEmail = isOwnersRequest(email, from, now)
    ? allowAttempt("accountEmailOwner", email, now)
    : allowAttempt("accountEmailFromIp", `${from.clientIp}:${email}`, now) && allowAttempt("accountEmail", email, now);
  const token = newEmailToken();
  const siteName = getSiteSettings().siteName;
  transaction((db) => {
    const account = accountForAddressRequest(db, email);
    write({
      db,
      account,
      token,
      now,
      email(template, dedupePrefix, payload = {}) {
        if (!mayEmail) return;
        announce(db, recipientUser(account.id), { email: { template, payload: { siteName, ...payload }, dedupePrefix, preference: "account", locale }, now });
      },
    });
  });
  kickOutbox();
}

async function requestSignupByEmail(input: z.output<typeof signupSchema>, locale: Locale, clientIp: string): Promise<ConfirmationSent> {
  const email = normalizeEmail(input.email);
  // Hashed whether or not the address is taken: the argon2 work is most of the time
  // this request takes, so both answers take as long.
  const passwordHash = await hashPassword(input.password);
  requestAboutAddress(email, locale, { clientIp }, ({ db, account, token, now, email: sendEmail }) => {
    if (account.passwordHash) return sendEmail("signup_existing", `signup-existing:${now}:`);
    const pending = insertSignupRequest(db, {
      userId: account.id,
      tokenHash: tokenHashOf(token),
      displayName: input.displayName,
      passwordHash,
      locale,
      // Kept already checked: it is read back a day later, after the rules may have changed.
      redirectTo: input.redirectTo === undefined ? null : safeRedirectPath(input.redirectTo),
      votePostId: input.vote ?? null,
      expiresAt: now + SIGNUP_LINK_LIFETIME_MS,
    });
    sendEmail("signup_confirm", `signup:${pending.id}:`, { token });
  });
  return { confirmationSentTo: email };
}

/** The sign-up an emailed link stands for, while it can still finish an account. */
export function findPendingSignup(token: string): (SignupRequestRow & { email: string }) | undefined {
  return findOpenSignupRequest(tokenHashOf(token), Date.now());
}

export const confirmSignupSchema = z.object({ password: z.string().max(200).default("") });

export type ConfirmFailure = { spent: true } | { spent: false; status: 400 | 429; error: "error.signupPasswordWrong" | "error.rateLimited" };

/**
 * Opens the account the link was sent for and signs its owner in. The password typed
 * at sign-up is asked for again: whoever asked for the link must be the one who opens
 * it, so a stranger who signed up with someone else's address cannot have its owner
 * finish an account that the stranger holds the password to.
 */
export async function confirmSignup(
  token: string,
  input: z.output<typeof confirmSignupSchema>,
  request: Request,
  clientIp: string,
): Promise<Response | ConfirmFailure> {
  const pending = findPendingSignup(token);
  if (!pending) return { spent: true };
  if (!allowAttempt("signupConfirm", String(pending.id))) return { spent: false, status: 429, error: "error.rateLimited" };
  if (!(await passwordMatches(pending.passwordHash, input.password))) return { spent: false, status: 400, error: "error.signupPasswordWrong" };
  const account = transaction((db) => {
    if (!markSignupRequestUsed(db, pending.id, Date.now())) return undefined;
    return claimPlaceholderUser(pending.userId, { displayName: pending.displayName, passwordHash: pending.passwordHash, locale: pending.locale });
  });
  if (!account) return { spent: true };
  return finishSignIn(account.id, request, { redirectTo: pending.redirectTo ?? undefined, vote: pending.votePostId ?? undefined }, clientIp);
}

/** Forgets sign-ups whose link expired a day ago or was used: they hold a password hash. */
export function forgetStaleSignupRequests(now = Date.now()): number {
  return deleteSignupRequestsDoneBefore(now - 24 * 3_600_000);
}

/** Forgets where owners signed in once it no longer counts. */
export function forgetOldTrustedSignIns(now = Date.now()): number {
  return deleteTrustedSignInsBefore(now - TRUSTED_CLIENT_MS);
}
