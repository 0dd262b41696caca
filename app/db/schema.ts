// The one source of truth for the database shape; drizzle-kit reads this file.
// Timestamps are integer milliseconds since the epoch (sessions excepted: Lucia
// stores seconds), because keyset cursors and the trending maths want plain numbers.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export * from "./enums";
import {
  LOCALES,
  POST_KINDS,
  POST_STATUSES,
  ROLES,
  NOTIFICATION_TYPES,
  OUTBOX_STATUSES,
  EMAIL_TEMPLATES,
  CSAT_ANSWERS,
  SURVEY_KINDS,
  SURVEY_STATUSES,
  SURVEY_CHANNELS,
  SURVEY_AUDIENCES,
  API_SCOPES,
  WEBHOOK_EVENTS,
  WEBHOOK_DELIVERY_STATUSES,
  IMPORT_SOURCES,
  IMPORT_ENTITIES,
} from "./enums";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    // Null for placeholder users created by an on-behalf vote until they sign up.
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull().default("customer"),
    locale: text("locale", { enum: LOCALES }),
    bannedAt: integer("banned_at"),
    emailSuppressedAt: integer("email_suppressed_at"),
    // Email preferences; in-app notifications are always on.
    emailOnStatus: integer("email_on_status", { mode: "boolean" }).notNull().default(true),
    emailOnComment: integer("email_on_comment", { mode: "boolean" }).notNull().default(false),
    // Staff only: the Monday summary of the week's feedback.
    emailWeeklyDigest: integer("email_weekly_digest", { mode: "boolean" }).notNull().default(true),
    // Set by single sign-on from the customer's own app (issue 14): the company's traits
    // for revenue-weighted prioritisation ("spend of voters" in the inbox).
    avatarUrl: text("avatar_url"),
    company: text("company"),
    monthlySpend: real("monthly_spend"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const boards = sqliteTable(
  "boards",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    archivedAt: integer("archived_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("boards_slug_unique").on(t.slug)],
);

export const posts = sqliteTable(
  "posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    boardId: integer("board_id")
      .notNull()
      .references(() => boards.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    bodyMd: text("body_md").notNull().default(""),
    // Rendered and sanitised once on write, so pages never run marked + DOMPurify per view.
    bodyHtml: text("body_html").notNull().default(""),
    excerpt: text("excerpt").notNull().default(""),
    kind: text("kind", { enum: POST_KINDS }),
    status: text("status", { enum: POST_STATUSES }).notNull().default("open"),
    impact: integer("impact"),
    effort: integer("effort"),
    voteCount: integer("vote_count").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    // Sum of every recent vote's weight; see docs/decisions/002-trending-score.md.
    trendingScore: real("trending_score").notNull().default(0),
    mergedIntoId: integer("merged_into_id"),
    // Set while "new posts need approval" holds the post back from everyone but its author and staff.
    pendingApproval: integer("pending_approval", { mode: "boolean" }).notNull().default(false),
    commentsLockedAt: integer("comments_locked_at"),
    deletedAt: integer("deleted_at"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    statusChangedAt: integer("status_changed_at"),
    shippedAt: integer("shipped_at"),
    // The staff member who looks after the post; cleared if their account goes.
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    // Kept on write for the insights' time to first response and time to resolution, so a
    // 90-day report reads one indexed column instead of grouping every status change.
    // First staff status change, official response or public staff comment:
    firstResponseAt: integer("first_response_at"),
    // First move to shipped or declined (a later reopening does not reset it):
    resolvedAt: integer("resolved_at"),
  },
  (t) => [
    // Only what the hot queries use: every index holding vote_count or trending_score is
    // written by every vote (0017 dropped the status and kind twins; a status or kind
    // filter walks the sort's index and stops after a page, under 1.5 ms at 100k posts).
    // The board page's sort=top listing (listPublicPosts), the roadmap's columns, and the keyset tie-breaker id:
    index("posts_top_idx").on(t.voteCount, t.id),
    // The board page's sort=new listing:
    index("posts_new_idx").on(t.createdAt, t.id),
    // The board page's default sort=trending listing:
    index("posts_trending_idx").on(t.trendingScore, t.id),
    // /b/<slug> sort=top: a small board would otherwise walk posts_top_idx past every other board's posts (200–600 ms for 150 of 100k posts):
    index("posts_board_top_idx").on(t.boardId, t.voteCount, t.id),
    // /b/<slug> sort=new (no vote column, no cost to a vote):
    index("posts_board_new_idx").on(t.boardId, t.createdAt, t.id),
    // /b/<slug> sort=trending, the board page's default, for the same reason as posts_board_top_idx:
    index("posts_board_trending_idx").on(t.boardId, t.trendingScore, t.id),
    // "My ideas" (listPublicPosts with authorId), and the foreign key when an account goes:
    index("posts_author_idx").on(t.authorId),
    // The roadmap's shipped column (status = 'shipped', the planner's pick):
    index("posts_status_changed_idx").on(t.status, t.statusChangedAt),
    // The staff's pending-approval count and filter (countPendingApproval, the inbox):
    index("posts_pending_idx").on(t.pendingApproval),
    // Covering: the insights' durations read a period of these without touching the table.
    index("posts_resolved_idx").on(t.resolvedAt, t.createdAt, t.kind, t.boardId, t.ownerId, t.deletedAt, t.mergedIntoId),
    index("posts_first_response_idx").on(t.firstResponseAt, t.createdAt, t.kind, t.boardId, t.ownerId, t.deletedAt, t.mergedIntoId),
    // The inbox's owner filter, and the foreign key's "set null" when a staff account goes:
    index("posts_owner_idx").on(t.ownerId),
  ],
);

export const votes = sqliteTable(
  "votes",
  {
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["self", "on_behalf"] })
      .notNull()
      .default("self"),
    addedById: integer("added_by_id").references(() => users.id),
    note: text("note"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.userId] }),
    index("votes_user_idx").on(t.userId, t.postId),
    // Lets the trending sweep find votes that just left the 14-day window.
    index("votes_created_idx").on(t.createdAt),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    parentId: integer("parent_id"),
    bodyMd: text("body_md").notNull(),
    bodyHtml: text("body_html").notNull(),
    isInternal: integer("is_internal", { mode: "boolean" }).notNull().default(false),
    mergedFromPostId: integer("merged_from_post_id"),
    deletedAt: integer("deleted_at"),
    editedAt: integer("edited_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("comments_post_idx").on(t.postId, t.createdAt, t.id)],
);

export const subscriptions = sqliteTable(
  "subscriptions",
  {
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // "unsubscribed" rows are kept on purpose: they make an unsubscribe stick
    // when the user later votes or comments again.
    state: text("state", { enum: ["subscribed", "unsubscribed"] }).notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId] }), index("subscriptions_user_idx").on(t.userId)],
);

/**
 * A sign-up waiting for its owner to open the link we emailed. The account (a
 * placeholder until then) gets the password only when the link is used, so nobody
 * can take an address they cannot read, and the sign-up form never says whether an
 * address already has an account.
 */
export const signupRequests = sqliteTable(
  "signup_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // SHA-256 of the emailed token, so the request table alone holds no usable link (the
    // outbox row keeps the token to send and resend the email).
    tokenHash: text("token_hash").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale", { enum: LOCALES }),
    redirectTo: text("redirect_to"),
    votePostId: integer("vote_post_id"),
    createdAt: integer("created_at").notNull().default(now),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [uniqueIndex("signup_requests_token_unique").on(t.tokenHash), index("signup_requests_user_idx").on(t.userId)],
);

/** A "forgot your password" link: one per request, an hour long, used once. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // SHA-256 of the emailed token, as for sign-up requests.
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [uniqueIndex("password_resets_token_unique").on(t.tokenHash), index("password_resets_user_idx").on(t.userId)],
);

/**
 * An invitation to join the team, sent by email (issue 12). The email holds a random
 * token; this row holds only its SHA-256, the address and role it is for, who sent it,
 * when it expires and when it was accepted.
 */
export const teamInvites = sqliteTable(
  "team_invites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("staff"),
    invitedBy: integer("invited_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull().default(now),
    expiresAt: integer("expires_at").notNull(),
    acceptedAt: integer("accepted_at"),
  },
  (t) => [uniqueIndex("team_invites_token_unique").on(t.tokenHash), index("team_invites_email_idx").on(t.email)],
);

/**
 * Where an account's owner signed in (ADR 006, addendum): an HMAC of the client as rate
 * limits count it (an IPv4 address, or an IPv6 /64), and when. An account email asked
 * for from such a client within 30 days draws on the owner's own allowance.
 */
export const trustedSignIns = sqliteTable(
  "trusted_sign_ins",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    clientHash: text("client_hash").notNull(),
    signedInAt: integer("signed_in_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clientHash] }), index("trusted_sign_ins_at_idx").on(t.signedInAt)],
);

/**
 * Public ideas per (board, status): live, not merged away, not awaiting approval. Kept by the
 * triggers of migration 0018 in the same transaction as any write to posts; the board list
 * reads it instead of counting every post on each page.
 */
export const publicPostCounts = sqliteTable(
  "public_post_counts",
  {
    boardId: integer("board_id").notNull(),
    status: text("status").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.status] })],
);

export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: integer("window_start").notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

export const tags = sqliteTable(
  "tags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    color: text("color").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("tags_name_unique").on(t.name)],
);

export const postTags = sqliteTable(
  "post_tags",
  {
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.postId, t.tagId] }), index("post_tags_tag_idx").on(t.tagId, t.postId)],
);

export const statusChanges = sqliteTable(
  "status_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: POST_STATUSES }).notNull(),
    toStatus: text("to_status", { enum: POST_STATUSES }).notNull(),
    actorId: integer("actor_id")
      .notNull()
      .references(() => users.id),
    responseMd: text("response_md").notNull().default(""),
    responseHtml: text("response_html").notNull().default(""),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("status_changes_post_idx").on(t.postId, t.createdAt),
    // The insights' "posts shipped" in a period.
    index("status_changes_to_status_idx").on(t.toStatus, t.createdAt),
  ],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    type: text("type", { enum: NOTIFICATION_TYPES }).notNull(),
    // What the notice is about: the status it moved to, or the post it was merged into.
    status: text("status", { enum: POST_STATUSES }),
    relatedPostId: integer("related_post_id"),
    commentId: integer("comment_id"),
    // Who did it, where the notice names someone other than a comment's author (an assignment).
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    readAt: integer("read_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.readAt, t.id),
    // The insights' "voters notified": only shipped notices are indexed, so other fan-outs pay nothing.
    index("notifications_shipped_idx")
      .on(t.createdAt, t.postId)
      .where(sql`${t.type} = 'status_change' and ${t.status} = 'shipped'`),
  ],
);

export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    toEmail: text("to_email").notNull(),
    template: text("template", { enum: EMAIL_TEMPLATES }).notNull(),
    // Everything the template needs, frozen when the change happened.
    payload: text("payload").notNull(),
    locale: text("locale", { enum: LOCALES }).notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    sentAt: integer("sent_at"),
  },
  (t) => [
    uniqueIndex("email_outbox_dedupe_unique").on(t.dedupeKey),
    // The worker walks rows of one status in id order and stops at its batch size;
    // ordering by (next_attempt_at, id) sorted every due row for every batch.
    index("email_outbox_status_idx").on(t.status, t.id),
    // "Why didn't X get an email?" and suppression look rows up by recipient.
    index("email_outbox_user_idx").on(t.userId, t.id),
    // The insights' "emails delivered" in a period: sent rows only.
    index("email_outbox_sent_idx")
      .on(t.template, t.sentAt)
      .where(sql`${t.status} = 'sent'`),
  ],
);

/** "Did this solve it?" answers: one per (post, user), the latest wins. */
export const solvedAnswers = sqliteTable(
  "solved_answers",
  {
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    answer: text("answer", { enum: CSAT_ANSWERS }).notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.userId] }),
    // The insights count answers by when they were last given.
    index("solved_answers_updated_idx").on(t.updatedAt, t.postId, t.answer),
  ],
);

export const changelogEntries = sqliteTable(
  "changelog_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    bodyMd: text("body_md").notNull().default(""),
    bodyHtml: text("body_html").notNull().default(""),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    publishedAt: integer("published_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("changelog_published_idx").on(t.publishedAt)],
);

export const changelogPosts = sqliteTable(
  "changelog_posts",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => changelogEntries.id, { onDelete: "cascade" }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.postId] }), index("changelog_posts_post_idx").on(t.postId)],
);

/**
 * A merge of source into target, with every row it moved or dropped, so that undo
 * restores them exactly. `moved` is JSON: see app/services/merge.server.ts.
 */
export const merges = sqliteTable(
  "merges",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sourcePostId: integer("source_post_id")
      .notNull()
      .references(() => posts.id),
    targetPostId: integer("target_post_id")
      .notNull()
      .references(() => posts.id),
    actorId: integer("actor_id")
      .notNull()
      .references(() => users.id),
    moved: text("moved").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    undoneAt: integer("undone_at"),
  },
  (t) => [index("merges_source_idx").on(t.sourcePostId)],
);

/**
 * An NPS, CES or CSAT survey. `texts` is JSON, per locale: the question, the follow-up
 * and (CES) the object of "How easy was it to …?"; a blank text means the catalogue's
 * default, so that a survey made in English still asks in Arabic.
 */
export const surveys = sqliteTable("surveys", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  kind: text("kind", { enum: SURVEY_KINDS }).notNull(),
  texts: text("texts").notNull().default("{}"),
  status: text("status", { enum: SURVEY_STATUSES }).notNull().default("active"),
  // Whether signed-in customers are asked on the board (the in-app prompt).
  inAppPrompt: integer("in_app_prompt", { mode: "boolean" }).notNull().default(false),
  createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at").notNull().default(now),
  closedAt: integer("closed_at"),
});

/**
 * One answer per (survey, respondent); a later answer replaces the score, and the reason
 * unless the new answer has none. `kind` is copied from the survey so that the metrics
 * aggregate one covering index without a join. `board_id` is the board the answer is
 * about: the board a survey email was sent for, or the board the prompt was shown on.
 */
export const surveyAnswers = sqliteTable(
  "survey_answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SURVEY_KINDS }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    reason: text("reason").notNull().default(""),
    channel: text("channel", { enum: SURVEY_CHANNELS }).notNull(),
    locale: text("locale", { enum: LOCALES }).notNull(),
    boardId: integer("board_id").references(() => boards.id, { onDelete: "set null" }),
    // The staff member who recorded a phone, chat or in-person answer.
    recordedById: integer("recorded_by_id").references(() => users.id, { onDelete: "set null" }),
    answeredAt: integer("answered_at").notNull().default(now),
    // The idea staff made of this answer's reason (app/services/verbatims.server.ts).
    postId: integer("post_id").references(() => posts.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("survey_answers_survey_user_unique").on(t.surveyId, t.userId),
    // The metrics: a period of one kind, scored without touching the table.
    index("survey_answers_kind_time_idx").on(t.kind, t.answeredAt, t.score, t.channel, t.boardId),
    index("survey_answers_survey_time_idx").on(t.surveyId, t.answeredAt),
    index("survey_answers_time_idx").on(t.answeredAt),
  ],
);

/** When a customer was last shown a survey's in-app prompt, and in which session (sampling rules). */
export const surveyPrompts = sqliteTable(
  "survey_prompts",
  {
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sessionId: text("session_id").notNull(),
    shownAt: integer("shown_at").notNull(),
    dismissedAt: integer("dismissed_at"),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.userId] }), index("survey_prompts_session_idx").on(t.sessionId)],
);

/** A survey emailed to an audience; each recipient's email is an outbox row deduplicated by this send. */
export const surveySends = sqliteTable(
  "survey_sends",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    audience: text("audience", { enum: SURVEY_AUDIENCES }).notNull(),
    activeDays: integer("active_days"),
    boardId: integer("board_id").references(() => boards.id, { onDelete: "set null" }),
    recipients: integer("recipients").notNull().default(0),
    sentById: integer("sent_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("survey_sends_survey_idx").on(t.surveyId, t.id)],
);

/** One row per weekly digest run (ISO week in the site's timezone): its outbox rows are written in the same transaction. */
export const digestRuns = sqliteTable("digest_runs", {
  week: text("week").primaryKey(),
  recipients: integer("recipients").notNull(),
  createdAt: integer("created_at").notNull().default(now),
});

/**
 * A key for the JSON API (/api/v1). Only the SHA-256 of the key is kept, so it is shown
 * once; `keyPrefix` (its first characters) lets an admin tell keys apart.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    scope: text("scope", { enum: API_SCOPES }).notNull(),
    keyPrefix: text("key_prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash)],
);

/** A receiver of signed webhooks (Standard Webhooks). `events` is a JSON array of WEBHOOK_EVENTS. */
export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  url: text("url").notNull(),
  events: text("events").notNull(),
  // "whsec_" + base64, as the standardwebhooks library takes it.
  secret: text("secret").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  // Deliveries that ended in "failed" in a row; enough of them disable the endpoint.
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  disabledAt: integer("disabled_at"),
  createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at").notNull().default(now),
});

/**
 * One event for one endpoint: written in the same transaction as the change it reports,
 * then sent by a leased worker, like the email outbox (ADR 005).
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event", { enum: WEBHOOK_EVENTS }).notNull(),
    // The Standard Webhooks `webhook-id`: the same on every retry, so receivers can dedupe.
    messageId: text("message_id").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    leaseUntil: integer("lease_until"),
    responseStatus: integer("response_status"),
    // The first 1 KB of the receiver's answer, for the admin's delivery log.
    responseBody: text("response_body"),
    durationMs: integer("duration_ms"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull().default(now),
    deliveredAt: integer("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_message_unique").on(t.messageId),
    index("webhook_deliveries_status_idx").on(t.status, t.id),
    index("webhook_deliveries_webhook_idx").on(t.webhookId, t.id),
  ],
);

/** Single sign-on tokens already used: a `jti` is accepted once, and kept until its token expires. */
export const ssoUsedTokens = sqliteTable(
  "sso_used_tokens",
  {
    jti: text("jti").primaryKey(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sso_used_tokens_expires_idx").on(t.expiresAt)],
);

/** What an import created, by source id: a re-import of the same file matches these and creates nothing twice. */
export const importedRecords = sqliteTable(
  "imported_records",
  {
    source: text("source", { enum: IMPORT_SOURCES }).notNull(),
    entity: text("entity", { enum: IMPORT_ENTITIES }).notNull(),
    sourceId: text("source_id").notNull(),
    localId: integer("local_id").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.source, t.entity, t.sourceId] })],
);

/**
 * The anonymous page cache's generation (ADR 016): one row, bumped by triggers
 * (drizzle/0015_page_cache_generation.sql) on every write that changes a public page, in the
 * write's own transaction. A cached page is served only while the generation it was rendered
 * under is still current, in every web process.
 */
export const pageCacheGeneration = sqliteTable("page_cache_generation", {
  id: integer("id").primaryKey(),
  generation: integer("generation").notNull(),
});
