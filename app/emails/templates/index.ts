// Every email template, by the name the outbox stores. Each template's file exports the
// zod schema of its payload and its render. A row's payload is read through the schema,
// so one that does not fit (a hand edit, an older shape) is reported with the reason and
// never rendered from a guess.
import { z } from "zod";
import type { EmailTemplate } from "~/db/enums";
import { INERT_TOKEN, type EmailContent, type TemplateContext } from "../content";
import * as changelog from "./changelog";
import * as comment from "./comment";
import * as merged from "./merged";
import * as passwordChanged from "./password-changed";
import * as passwordReset from "./password-reset";
import * as passwordResetNoAccount from "./password-reset-no-account";
import * as signupConfirm from "./signup-confirm";
import * as signupExisting from "./signup-existing";
import * as statusChange from "./status-change";
import * as survey from "./survey";
import * as teamInvite from "./team-invite";
import * as webhookDisabled from "./webhook-disabled";
import * as weeklyDigest from "./weekly-digest";

/** An outbox row's template and payload, read and checked. */
const outboxEmail = z.discriminatedUnion("template", [
  z.object({ template: z.literal("status_change"), payload: statusChange.payloadSchema }),
  z.object({ template: z.literal("comment"), payload: comment.payloadSchema }),
  z.object({ template: z.literal("merged"), payload: merged.payloadSchema }),
  z.object({ template: z.literal("changelog"), payload: changelog.payloadSchema }),
  z.object({ template: z.literal("signup_confirm"), payload: signupConfirm.payloadSchema }),
  z.object({ template: z.literal("signup_existing"), payload: signupExisting.payloadSchema }),
  z.object({ template: z.literal("password_reset"), payload: passwordReset.payloadSchema }),
  z.object({ template: z.literal("password_reset_no_account"), payload: passwordResetNoAccount.payloadSchema }),
  z.object({ template: z.literal("password_changed"), payload: passwordChanged.payloadSchema }),
  z.object({ template: z.literal("team_invite"), payload: teamInvite.payloadSchema }),
  z.object({ template: z.literal("survey"), payload: survey.payloadSchema }),
  z.object({ template: z.literal("weekly_digest"), payload: weeklyDigest.payloadSchema }),
  z.object({ template: z.literal("webhook_disabled"), payload: webhookDisabled.payloadSchema }),
]);

export type OutboxEmail = z.output<typeof outboxEmail>;
/** What a template's payload holds; services write exactly this (plus nothing) when they queue one. */
export type PayloadOf<T extends EmailTemplate> = Extract<OutboxEmail, { template: T }>["payload"];

const RENDERS: { [T in EmailTemplate]: (payload: PayloadOf<T>, context: TemplateContext) => EmailContent } = {
  status_change: statusChange.render,
  comment: comment.render,
  merged: merged.render,
  changelog: changelog.render,
  signup_confirm: signupConfirm.render,
  signup_existing: signupExisting.render,
  password_reset: passwordReset.render,
  password_reset_no_account: passwordResetNoAccount.render,
  password_changed: passwordChanged.render,
  team_invite: teamInvite.render,
  survey: survey.render,
  weekly_digest: weeklyDigest.render,
  webhook_disabled: webhookDisabled.render,
};

// Every template is read as well as rendered: a template missing from the union above fails to compile here.
const everyTemplateRead: Exclude<EmailTemplate, OutboxEmail["template"]> extends never ? true : never = true;
void everyTemplateRead;

/** The email's content from its template. */
export function contentOf<T extends EmailTemplate>(email: { template: T; payload: PayloadOf<T> }, context: TemplateContext): EmailContent {
  return RENDERS[email.template](email.payload, context);
}

/** Reads a payload as zod's safeParse does: the email, or why it cannot be one (for the row's last_error). */
export type EmailReading = { success: true; data: OutboxEmail } | { success: false; error: string };

/**
 * Reads an outbox row's payload. `inert` (the staff preview) replaces any link token
 * before it is read: a sent row's token was removed (markAllSent), and an unsent one's
 * must not reach the staff page.
 */
export function safeParseEmail(template: EmailTemplate, payloadJson: string, options: { inert?: boolean } = {}): EmailReading {
  let payload: unknown;
  try {
    payload = JSON.parse(payloadJson);
  } catch (error) {
    return { success: false, error: `the payload of this ${template} email is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (options.inert && typeof payload === "object" && payload !== null) payload = { ...payload, token: INERT_TOKEN };
  const read = outboxEmail.safeParse({ template, payload });
  if (read.success) return { success: true, data: read.data };
  // Paths start at "payload"; what staff need is the field inside it.
  const problems = read.error.issues.map((issue) => `${issue.path.slice(1).join(".") || "payload"}: ${issue.message}`);
  return { success: false, error: `the payload of this ${template} email does not fit its template (${problems.join("; ")})` };
}
