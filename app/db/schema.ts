// The one source of truth for the database shape; drizzle-kit reads this file.
// Timestamps are integer milliseconds since the epoch (sessions excepted: Lucia
// stores seconds), because keyset cursors and the trending maths want plain numbers.
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const ROLES = ["customer", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ["en", "ar", "fa"] as const;
export type Locale = (typeof LOCALES)[number];

export const POST_KINDS = ["bug", "minor_bug", "feature_request"] as const;
export type PostKind = (typeof POST_KINDS)[number];

export const POST_STATUSES = [
  "open",
  "under_review",
  "planned",
  "in_progress",
  "shipped",
  "declined",
  "duplicate",
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

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
    deletedAt: integer("deleted_at"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    statusChangedAt: integer("status_changed_at"),
    shippedAt: integer("shipped_at"),
  },
  (t) => [
    // Each public sort has an index that ends in the keyset tie-breaker (id), and a
    // board-scoped twin, so no listing sorts in a temp B-tree or scans a whole board.
    index("posts_top_idx").on(t.voteCount, t.id),
    index("posts_new_idx").on(t.createdAt, t.id),
    index("posts_trending_idx").on(t.trendingScore, t.id),
    index("posts_board_top_idx").on(t.boardId, t.voteCount, t.id),
    index("posts_board_new_idx").on(t.boardId, t.createdAt, t.id),
    index("posts_board_trending_idx").on(t.boardId, t.trendingScore, t.id),
    index("posts_status_top_idx").on(t.status, t.voteCount, t.id),
    index("posts_kind_top_idx").on(t.kind, t.voteCount, t.id),
    index("posts_author_idx").on(t.authorId),
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
    source: text("source", { enum: ["self", "on_behalf"] }).notNull().default("self"),
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
  (t) => [
    primaryKey({ columns: [t.postId, t.userId] }),
    index("subscriptions_user_idx").on(t.userId),
  ],
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
