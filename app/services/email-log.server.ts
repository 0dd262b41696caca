// The admin email log: every outbox row, a preview of each, retries, and the answer to
// "why didn't X get an email?".
import { z } from "zod";
import { ok, type Result } from "~/utils/result";
import { OUTBOX_STATUSES } from "~/db/schema";
import { renderEmail } from "~/emails/render.server";
import { safeParseEmail } from "~/emails/templates";
import { countOutboxByStatus, findOutboxRow, listOutbox, requeueRows } from "~/models/outbox.server";
import { subscriptionsOfUser } from "~/models/subscriptions.server";
import { clearEmailSuppression, findUserByEmail, findUserById } from "~/models/users.server";
import { normalizeEmail } from "./auth.server";
import { kickOutbox, messageIdOf, smtpConfigured, waitingStatus, withListablePosts } from "./outbox.server";
import { withInertLinks } from "~/utils/html-text.mjs";

const PAGE = 100;

export const logQuerySchema = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  email: z.string().trim().max(254).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export function emailLog(query: z.output<typeof logQuerySchema>) {
  const email = query.email ? normalizeEmail(query.email) : undefined;
  const userId = email ? findUserByEmail(email)?.id : undefined;
  const rows = listOutbox({ status: query.status, userId, email }, PAGE + 1, query.before);
  const shown = rows.slice(0, PAGE).map((r) => ({
    id: r.id,
    toEmail: r.toEmail,
    template: r.template,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    locale: r.locale,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
    nextAttemptAt: r.nextAttemptAt,
  }));
  return {
    rows: shown,
    nextBefore: rows.length > PAGE ? shown[shown.length - 1].id : null,
    counts: countOutboxByStatus(),
    smtpConfigured: smtpConfigured(),
    why: email ? whyReport(email) : null,
  };
}

/** Everything that decides whether this address gets email. */
function whyReport(email: string) {
  const user = findUserByEmail(email);
  if (!user) return { found: false as const, email };
  return {
    found: true as const,
    email,
    userId: user.id,
    displayName: user.displayName,
    placeholder: user.passwordHash === null,
    emailOnStatus: user.emailOnStatus,
    emailOnComment: user.emailOnComment,
    suppressedAt: user.emailSuppressedAt,
    bannedAt: user.bannedAt,
    subscriptions: subscriptionsOfUser(user.id),
  };
}

export function emailPreview(id: number) {
  const row = findOutboxRow(id);
  if (!row) return null;
  const user = findUserById(row.userId);
  const shown = { id: row.id, toEmail: row.toEmail, status: row.status, messageId: messageIdOf(row), template: row.template };
  // Inert: no link in the preview acts for the recipient (sign-up, reset, CSAT, unsubscribe).
  // A row still to be sent is shown as it would be sent now; a sent one as it was.
  const read = safeParseEmail(row.template, row.payload, { inert: true });
  const reading = row.status === "sent" ? read : withListablePosts([read])[0];
  if (!reading.success) return { row: shown, unreadable: reading.error };
  const email = renderEmail({ email: reading.data, locale: row.locale, userId: row.userId, recipientName: user?.displayName ?? row.toEmail, inert: true });
  // The preview's links go nowhere either: a click would leave the preview (or act, had a link slipped through).
  return { row: shown, unreadable: null, ...email, html: withInertLinks(email.html) };
}

/** Sends again one email, or every failed one; answers how many went back in the queue. */
export function retryEmails(which: { id: number } | "failed", now = Date.now()): Result<number> {
  const count = requeueRows(which === "failed" ? "failed" : [which.id], waitingStatus(), now);
  if (count > 0) kickOutbox();
  return ok(count);
}

/** Lets email reach someone again after their address bounced or complained. */
export function unsuppressEmails(userId: number): Result<number> {
  clearEmailSuppression(userId);
  return ok(0);
}
