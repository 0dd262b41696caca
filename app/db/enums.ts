// The fixed vocabularies of the data model. Kept apart from schema.ts, which pulls in
// Drizzle, so that components can import them without shipping the ORM to the browser.

export const ROLES = ["customer", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ["en", "ar", "fa"] as const;
export type Locale = (typeof LOCALES)[number];

export const POST_KINDS = ["bug", "minor_bug", "feature_request"] as const;
export type PostKind = (typeof POST_KINDS)[number];

export const POST_STATUSES = ["open", "under_review", "planned", "in_progress", "shipped", "declined", "duplicate"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** What staff can set by hand; "duplicate" only comes from a merge. */
export const SETTABLE_STATUSES = ["open", "under_review", "planned", "in_progress", "shipped", "declined"] as const;
export const STATUS_CHANGE_NOTICE_STATUSES = ["planned", "in_progress", "shipped", "declined"] as const;
// "assigned": staff made the recipient the owner of a post.
export const NOTIFICATION_TYPES = ["status_change", "comment", "merged", "assigned"] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

// "cancelled": the post or comment the email quotes was deleted before it went out.
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "suppressed", "not_configured", "cancelled"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

// The signup_ and password_reset templates are account emails: sent whatever the
// preferences, and the only proof that whoever asked owns the address.
export const EMAIL_TEMPLATES = [
  "status_change",
  "comment",
  "merged",
  "changelog",
  "signup_confirm",
  "signup_existing",
  "password_reset",
  "password_reset_no_account",
  "password_changed",
  "team_invite",
  "survey",
  "weekly_digest",
  "webhook_disabled",
] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

export const CSAT_ANSWERS = ["yes", "partly", "no"] as const;
export type CsatAnswer = (typeof CSAT_ANSWERS)[number];

/** Ideas still in play (the board's and the inbox's default view), and ideas decided for good:
 * one filter away, and no longer votable. */
export const OPEN_STATUSES = ["open", "under_review", "planned", "in_progress"] as const;
export const CLOSED_STATUSES = ["shipped", "declined"] as const;
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];
export function isClosedStatus(status: string): status is ClosedStatus {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

/** NPS asks 0–10, CES 1–7 ("How easy was it to …?"), CSAT 1–5 (docs/decisions/012-insights.md). */
export const SURVEY_KINDS = ["nps", "ces", "csat"] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const SURVEY_SCALES: Record<SurveyKind, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
  csat: { min: 1, max: 5 },
};
/**
 * How a score reads on its scale (the insights' ANSWER_GROUPS): NPS 9–10 / 7–8 / 0–6,
 * CES 6–7 / 4–5 / 1–3, CSAT 4–5 / 3 / 1–2, as inclusive [lowest, highest] scores.
 */
export const SURVEY_SCORE_GROUPS: Record<SurveyKind, Record<"promoter" | "passive" | "detractor", readonly [number, number]>> = {
  nps: { promoter: [9, 10], passive: [7, 8], detractor: [0, 6] },
  ces: { promoter: [6, 7], passive: [4, 5], detractor: [1, 3] },
  csat: { promoter: [4, 5], passive: [3, 3], detractor: [1, 2] },
};
export const SURVEY_STATUSES = ["active", "closed"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
/** Where an answer came from; the last three are recorded by staff from a conversation. */
export const SURVEY_CHANNELS = ["in_app", "email", "link", "phone", "chat", "in_person"] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
export const STAFF_RECORDED_CHANNELS = ["phone", "chat", "in_person"] as const;
export const SURVEY_AUDIENCES = ["all_customers", "active_customers", "board_voters"] as const;
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];

// Issue 14: integrations.
/** An API key's scope: `write` includes `read`. */
export const API_SCOPES = ["read", "write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const WEBHOOK_EVENTS = [
  "post.created",
  "post.updated",
  "post.status_changed",
  "post.shipped",
  "post.merged",
  "comment.created",
  "vote.created",
  "vote.deleted",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "sending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Where an imported row came from; with its source id it makes a re-import create nothing twice. */
export const IMPORT_SOURCES = ["closeloop", "csv", "canny", "fider"] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];
export const IMPORT_ENTITIES = ["user", "board", "tag", "post", "comment", "vote", "status_change"] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
