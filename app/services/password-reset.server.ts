// "Forgot your password": the form always answers "check your inbox", whatever the
// address. An account with a password gets a one-hour link to choose a new one; any
// other address gets an email saying there is no account and how to sign up. Both
// paths do the same work (ADR 006), so the answer and its timing say nothing.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import type { Locale } from "~/i18n";
import {
  deletePasswordResetsDoneBefore,
  findOpenPasswordReset,
  insertPasswordReset,
  markPasswordResetsUsed,
  type PasswordResetRow,
} from "~/models/password-resets.server";
import { recipientUser, setPasswordHash } from "~/models/users.server";
import { rememberSignInFrom, requestAboutAddress, type ConfirmationSent, type Requester } from "./account.server";
import { endAllSessionsIn, hashPassword, normalizeEmail, startSession } from "./auth.server";
import { tokenHashOf } from "~/utils/email-tokens.server";
import { announce } from "./notices.server";
import { kickOutbox, smtpConfigured } from "./outbox.server";
import { allowAttempt } from "./rate-limit.server";
import { getSiteSettings } from "./site.server";
import { emailField } from "~/utils/validation";
import { newPasswordField } from "~/utils/passwords.server";

const RESET_LINK_LIFETIME_MS = 3_600_000;

export const forgotPasswordSchema = z.object({ email: emailField });
export const newPasswordSchema = z.object({ password: newPasswordField });

export type ResetRequestFailure = { formError: "error.rateLimited" | "error.resetNeedsEmail"; status: 400 | 429 };

export function requestPasswordReset(input: z.output<typeof forgotPasswordSchema>, locale: Locale, from: Requester): ConfirmationSent | ResetRequestFailure {
  // Without email nothing can prove the address; the form says so, for every address.
  if (!smtpConfigured()) return { formError: "error.resetNeedsEmail", status: 400 };
  if (!allowAttempt("passwordReset", from.clientIp)) return { formError: "error.rateLimited", status: 429 };
  const email = normalizeEmail(input.email);
  requestAboutAddress(email, locale, from, ({ db, account, token, now, email: sendEmail }) => {
    if (!account.passwordHash) return sendEmail("password_reset_no_account", `reset-none:${now}:`);
    const reset = insertPasswordReset(db, { userId: account.id, tokenHash: tokenHashOf(token), expiresAt: now + RESET_LINK_LIFETIME_MS });
    sendEmail("password_reset", `reset:${reset.id}:`, { token });
  });
  return { confirmationSentTo: email };
}

/** The reset a link stands for, while it can still be used. */
export function findPendingReset(token: string): (PasswordResetRow & { email: string }) | undefined {
  return findOpenPasswordReset(tokenHashOf(token), Date.now());
}

export type ResetFailure = { spent: true } | { spent: false; status: 429; error: "error.rateLimited" };

/**
 * Sets the new password and, in the same commit, ends every session the account had
 * (whoever knew the old password is signed out) and every other open reset link; tells
 * the owner by email; signs in here. `reset` comes from findPendingReset; if another
 * request used it meanwhile, the answer is "spent". Returns the session cookie.
 */
export async function resetPassword(
  reset: Pick<PasswordResetRow, "id" | "userId">,
  input: z.output<typeof newPasswordSchema>,
  request: Request,
  locale: Locale,
  clientIp: string,
): Promise<string | ResetFailure> {
  if (!allowAttempt("passwordResetUse", String(reset.id))) return { spent: false, status: 429, error: "error.rateLimited" };
  const passwordHash = await hashPassword(input.password);
  const now = Date.now();
  const done = transaction((db) => {
    if (!markPasswordResetsUsed(db, reset, now)) return false;
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
  if (!done) return { spent: true };
  kickOutbox();
  rememberSignInFrom(reset.userId, clientIp, now);
  return startSession(reset.userId, request);
}

/** Whether this board can reset passwords at all (it needs to send email). */
export function canResetPasswords(): boolean {
  return smtpConfigured();
}

/** Forgets resets a day after they expired or were used. */
export function forgetStalePasswordResets(now = Date.now()): number {
  return deletePasswordResetsDoneBefore(now - 24 * 3_600_000);
}
