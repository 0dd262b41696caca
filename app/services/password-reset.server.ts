// "Forgot your password": the form always answers "check your inbox", whatever the
// address. An account with a password gets a one-hour link to choose a new one; any
// other address gets an email saying there is no account and how to sign up. Both
// paths do the same work (ADR 006), so the answer and its timing say nothing.
import type { z } from "zod";
import { transaction } from "~/db/client.server";
import type { Locale } from "~/i18n";
import {
  deleteEmailLinksDoneBefore,
  findOpenEmailLink,
  insertEmailLink,
  spendEmailLink,
  spendEmailLinksOfUser,
  type EmailLinkRow,
} from "~/models/email-links.server";
import { recipientUser, setPasswordHash } from "~/models/users.server";
import { newPasswordSchema, type forgotPasswordSchema } from "~/schemas/account";
import { newPasswordField } from "~/utils/passwords.server";
import { err, ok, type Result } from "~/utils/result";
import { rememberSignInFrom, requestAboutAddress, type ConfirmationSent, type Requester, type SignedIn } from "./account.server";
import { endAllSessionsIn, hashPassword, normalizeEmail, startSession } from "./auth.server";
import { announce } from "./notices.server";
import { kickOutbox, smtpConfigured } from "./outbox.server";
import { allowAttempt } from "./rate-limit.server";
import { getSiteSettings } from "./site.server";

const RESET_LINK_LIFETIME_MS = 3_600_000;

/** The new-password form as the browser checks it, plus the common-password list. */
export const newPasswordServerSchema = newPasswordSchema.extend({ password: newPasswordField });

export function requestPasswordReset(
  input: z.output<typeof forgotPasswordSchema>,
  locale: Locale,
  from: Requester,
): Result<ConfirmationSent, "error.resetNeedsEmail" | "error.rateLimited"> {
  // Without email nothing can prove the address; the form says so, for every address.
  if (!smtpConfigured()) return err("error.resetNeedsEmail");
  if (!allowAttempt("passwordReset", from.clientIp)) return err("error.rateLimited");
  const email = normalizeEmail(input.email);
  requestAboutAddress(email, locale, from, ({ db, account, token, now, email: sendEmail }) => {
    if (!account.passwordHash) return sendEmail("password_reset_no_account", `reset-none:${now}:`);
    const reset = insertEmailLink(db, "passwordReset", token, { userId: account.id, expiresAt: now + RESET_LINK_LIFETIME_MS });
    sendEmail("password_reset", `reset:${reset.id}:`, { token });
  });
  return ok({ confirmationSentTo: email });
}

/** The reset a link stands for, while it can still be used. */
export function findPendingReset(token: string): (EmailLinkRow<"passwordReset"> & { email: string }) | undefined {
  return findOpenEmailLink("passwordReset", token, Date.now());
}

/**
 * Sets the new password and, in the same commit, ends every session the account had
 * (whoever knew the old password is signed out) and every other open reset link; tells
 * the owner by email; signs in here. `reset` comes from findPendingReset; if another
 * request used it meanwhile, the link is "not found", as a spent one is.
 */
export async function resetPassword(
  reset: Pick<EmailLinkRow<"passwordReset">, "id" | "userId">,
  input: z.output<typeof newPasswordServerSchema>,
  request: Request,
  locale: Locale,
  clientIp: string,
): Promise<Result<SignedIn, "error.notFound" | "error.rateLimited">> {
  if (!allowAttempt("passwordResetUse", String(reset.id))) return err("error.rateLimited", "password");
  const passwordHash = await hashPassword(input.password);
  const now = Date.now();
  const done = transaction((db) => {
    if (!spendEmailLink(db, "passwordReset", reset.id, now)) return false;
    spendEmailLinksOfUser(db, "passwordReset", reset.userId, now);
    if (!setPasswordHash(db, reset.userId, passwordHash)) return false;
    endAllSessionsIn(db, reset.userId);
    announce(db, recipientUser(reset.userId), {
      email: {
        template: "password_changed",
        payload: { siteName: getSiteSettings().siteName },
        dedupePrefix: `password-changed:${reset.id}:`,
        preference: "account",
        locale,
      },
      now,
    });
    return true;
  });
  if (!done) return err("error.notFound");
  kickOutbox();
  rememberSignInFrom(reset.userId, clientIp, now);
  return ok({ sessionCookie: await startSession(reset.userId, request), redirectTo: "/" });
}

/** Whether this board can reset passwords at all (it needs to send email). */
export function canResetPasswords(): boolean {
  return smtpConfigured();
}

/** Forgets resets a day after they expired or were used. */
export function forgetStalePasswordResets(now = Date.now()): number {
  return deleteEmailLinksDoneBefore("passwordReset", now - 24 * 3_600_000);
}
