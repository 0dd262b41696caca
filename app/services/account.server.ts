// Sign-up and sign-in as the user sees them: rate limits, the pending vote of a
// visitor who clicked Vote before signing in, and the way back to where they were.
//
// When the board can send email, sign-up proves the address first (ADR 006): the form
// always answers "check your inbox", the email either finishes the account or says
// that one exists, and nothing on the page or in its timing tells the two apart.
import type { z } from "zod";
import { transaction, type Db } from "~/db/client.server";
import type { EmailTemplate } from "~/db/schema";
import type { Locale } from "~/i18n";
import { deleteEmailLinksDoneBefore, findOpenEmailLink, insertEmailLink, spendEmailLink, type EmailLinkRow } from "~/models/email-links.server";
import { deleteTrustedSignInsBefore, recordTrustedSignIn, signedInFromClientSince } from "~/models/trusted-sign-ins.server";
import { accountForAddressRequest, claimPlaceholderUser, findUserById, recipientUser, type UserRow } from "~/models/users.server";
import { signupSchema, type confirmSignupSchema, type loginSchema } from "~/schemas/account";
import { newEmailToken } from "~/utils/email-tokens.server";
import { newPasswordField } from "~/utils/passwords.server";
import { err, ok, type Result } from "~/utils/result";
import { keyedHash } from "~/utils/signed-links.server";
import { createAccount, hashPassword, normalizeEmail, passwordMatches, startSession, verifyCredentials, type SessionUser } from "./auth.server";
import { safeRedirectPath } from "./guards.server";
import { announce } from "./notices.server";
import { kickOutbox, smtpConfigured } from "./outbox.server";
import { allowAttempt } from "./rate-limit.server";
import { getSiteSettings } from "./site.server";
import { castVote } from "./votes.server";

/** The sign-up form as the browser checks it, plus the common-password list, too big to send there. */
export const signupServerSchema = signupSchema.extend({ password: newPasswordField });

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

/** A session started: the cookie that carries it, and the page to go on to. */
export type SignedIn = { sessionCookie: string; redirectTo: string };

async function finishSignIn(userId: number, request: Request, back: Return, clientIp: string): Promise<SignedIn> {
  const sessionCookie = await startSession(userId, request);
  rememberSignInFrom(userId, clientIp);
  const user = findUserById(userId)!;
  // The post may have gone or the user may be banned: the vote is refused, and signing in still succeeds.
  if (back.vote) castVote(back.vote, user as SessionUser);
  const fallback = back.vote ? `/posts/${back.vote}` : "/";
  return { sessionCookie, redirectTo: safeRedirectPath(back.redirectTo, fallback) };
}

/** What the sign-up form says when it emailed a link: the same for every address. */
export type ConfirmationSent = { confirmationSentTo: string };

export async function signIn(
  input: z.output<typeof loginSchema>,
  request: Request,
  clientIp: string,
): Promise<Result<SignedIn, "error.rateLimited" | "error.wrongCredentials" | "error.accountBanned">> {
  const email = input.email.toLowerCase();
  // Per address, against guessing one password; per IP, against trying many addresses.
  if (!allowAttempt("loginFromIp", clientIp) || !allowAttempt("login", `${clientIp}:${email}`)) return err("error.rateLimited");
  const user = await verifyCredentials(email, input.password);
  if (!user) return err("error.wrongCredentials");
  // Said only to whoever knows the password; a banned account gets no session (ADR 008).
  if (user.bannedAt) return err("error.accountBanned");
  return ok(await finishSignIn(user.id, request, input, clientIp));
}

export async function signUp(
  input: z.output<typeof signupServerSchema>,
  locale: Locale,
  request: Request,
  clientIp: string,
): Promise<Result<SignedIn | ConfirmationSent, "error.rateLimited" | "error.emailTaken">> {
  if (!allowAttempt("signup", clientIp)) return err("error.rateLimited");
  if (smtpConfigured()) return ok(await requestSignupByEmail(input, locale, clientIp));
  // Without email there is no way to prove an address, so the account starts at once
  // and a taken address has to be said (the trade-off ADR 006 records).
  const created = await createAccount({ ...input, locale });
  if (!created.ok) return created;
  return ok(await finishSignIn(created.value.id, request, input, clientIp));
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

async function requestSignupByEmail(input: z.output<typeof signupServerSchema>, locale: Locale, clientIp: string): Promise<ConfirmationSent> {
  const email = normalizeEmail(input.email);
  // Hashed whether or not the address is taken: the argon2 work is most of the time
  // this request takes, so both answers take as long.
  const passwordHash = await hashPassword(input.password);
  requestAboutAddress(email, locale, { clientIp }, ({ db, account, token, now, email: sendEmail }) => {
    if (account.passwordHash) return sendEmail("signup_existing", `signup-existing:${now}:`);
    const pending = insertEmailLink(db, "signup", token, {
      userId: account.id,
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
export function findPendingSignup(token: string): (EmailLinkRow<"signup"> & { email: string }) | undefined {
  return findOpenEmailLink("signup", token, Date.now());
}

/**
 * Opens the account the link was sent for and signs its owner in. The password typed
 * at sign-up is asked for again: whoever asked for the link must be the one who opens
 * it, so a stranger who signed up with someone else's address cannot have its owner
 * finish an account that the stranger holds the password to. A link that is used,
 * expired or made up is "not found", whoever asks.
 */
export async function confirmSignup(
  token: string,
  input: z.output<typeof confirmSignupSchema>,
  request: Request,
  clientIp: string,
): Promise<Result<SignedIn, "error.notFound" | "error.rateLimited" | "error.signupPasswordWrong">> {
  const pending = findPendingSignup(token);
  if (!pending) return err("error.notFound");
  if (!allowAttempt("signupConfirm", String(pending.id))) return err("error.rateLimited", "password");
  if (!(await passwordMatches(pending.passwordHash, input.password))) return err("error.signupPasswordWrong", "password");
  const account = transaction((db) => {
    if (!spendEmailLink(db, "signup", pending.id, Date.now())) return undefined;
    return claimPlaceholderUser(pending.userId, { displayName: pending.displayName, passwordHash: pending.passwordHash, locale: pending.locale });
  });
  if (!account) return err("error.notFound");
  return ok(await finishSignIn(account.id, request, { redirectTo: pending.redirectTo ?? undefined, vote: pending.votePostId ?? undefined }, clientIp));
}

/** Forgets sign-ups whose link expired a day ago or was used: they hold a password hash. */
export function forgetStaleSignupRequests(now = Date.now()): number {
  return deleteEmailLinksDoneBefore("signup", now - 24 * 3_600_000);
}

/** Forgets where owners signed in once it no longer counts. */
export function forgetOldTrustedSignIns(now = Date.now()): number {
  return deleteTrustedSignInsBefore(now - TRUSTED_CLIENT_MS);
}
