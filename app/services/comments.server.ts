// Comments: markdown rendered on write, one level of replies, soft delete, and
// comment_count kept in the same transaction as the row it counts.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import {
  findCommentWithAuthor,
  findPublicComment,
  insertComment,
  listCommentsPage,
  softDeleteComment,
  updateCommentBody,
  type CommentForStaff,
} from "~/models/comments.server";
import { adjustCommentCount, findLivePost, recordStaffResponse } from "~/models/posts.server";
import { cancelWaitingRowsQuoting } from "~/models/outbox.server";
import { followersOfPost } from "~/models/recipients.server";
import { subscribeUnlessDecided } from "~/models/subscriptions.server";
import type { PostRow } from "~/models/posts.server";
import type { CommentRow } from "~/models/comments.server";
import type { PayloadOf } from "~/emails/templates";
import type { Db } from "~/db/client.server";
import type { newCommentSchema } from "~/schemas/posts";
import { normalizeEmail, sessionUserOf, type SessionUser } from "./auth.server";
import { excerptOf, renderMarkdown } from "~/utils/markdown.server";
import { err, ok, type Result } from "~/utils/result";
import { allowAttempt } from "./rate-limit.server";
import { canModerate, commentRefusal, editCommentRefusal, isStaff } from "./policy.server";
import { kickOutbox } from "./outbox.server";
import { announce } from "./notices.server";
import { getSiteSettings } from "./site.server";
import { addInternalNote, deleteAnyComment } from "./triage.server";
import { findOrCreatePlaceholderUser, findUserByEmail } from "~/models/users.server";
import { decodeCursor, keysetPage } from "~/utils/cursor.server";
import { queueWebhookEvent } from "./webhooks.server";

type NewComment = z.output<typeof newCommentSchema>;

/** The live post a new comment goes under, or why it may not go there. */
function commentTarget(postId: number, input: NewComment, author: SessionUser): Result<PostRow> {
  const post = findLivePost(postId);
  const refusal = commentRefusal(post, author);
  if (refusal) return err(refusal);
  if (input.parentId) {
    const parent = findPublicComment(input.parentId);
    // Replies go one level deep, under a comment of this same post.
    if (!parent || parent.postId !== postId || parent.parentId !== null) return err("error.replyTarget", "parentId");
  }
  return ok(post!);
}

export async function addComment(postId: number, input: NewComment, author: SessionUser): Promise<Result<{ commentId: number }>> {
  const target = commentTarget(postId, input, author);
  if (!target.ok) return target;
  if (!allowAttempt("comment", `user:${author.id}`)) return err("error.rateLimited");
  const rendered = await renderMarkdown(input.body);
  // Rendering gave other requests their turn: the post may have been locked or removed meanwhile.
  const checked = commentTarget(postId, input, author);
  if (!checked.ok) return checked;
  const post = checked.value;
  const now = Date.now();
  let emailed = 0;
  const comment = transaction((db) => {
    const row = insertComment(db, {
      postId,
      authorId: author.id,
      parentId: input.parentId ?? null,
      bodyMd: input.body,
      bodyHtml: rendered.html,
    });
    adjustCommentCount(db, postId, 1);
    if (canModerate(author)) recordStaffResponse(db, postId, now, false);
    subscribeUnlessDecided(db, postId, author.id);
    emailed = notifyFollowersOfComment(db, post, row, author, rendered.text, now);
    queueWebhookEvent(db, "comment.created", { commentId: row.id }, now);
    return row;
  });
  if (emailed > 0) kickOutbox();
  return ok({ commentId: comment.id });
}

/** The user's own live comment on this post, if policy lets them change it. */
function ownComment(commentId: number, postId: number, user: SessionUser): Result<CommentRow> {
  const found = findPublicComment(commentId);
  const comment = found?.postId === postId ? found : undefined;
  const refusal = editCommentRefusal(comment, findLivePost(postId), user);
  return refusal ? err(refusal) : ok(comment!);
}

/** The author's own live comment, for the edit form. */
export function commentForEditing(postId: number, commentId: number, user: SessionUser): Result<{ postId: number; commentId: number; body: string }> {
  const owned = ownComment(commentId, postId, user);
  return owned.ok ? ok({ postId, commentId: owned.value.id, body: owned.value.bodyMd }) : owned;
}

export async function editComment(postId: number, commentId: number, body: string, user: SessionUser): Promise<Result<{ commentId: number }>> {
  const owned = ownComment(commentId, postId, user);
  if (!owned.ok) return owned;
  // Every edit is rendered again, so edits are limited like new comments.
  if (!allowAttempt("commentEdit", `user:${user.id}`)) return err("error.rateLimited");
  const { html } = await renderMarkdown(body);
  const checked = ownComment(commentId, postId, user);
  if (!checked.ok) return checked;
  transaction((db) => updateCommentBody(db, commentId, body, html, Date.now()));
  return ok({ commentId });
}

export function deleteComment(postId: number, commentId: number, user: SessionUser): Result<{ commentId: number }> {
  // Staff moderate any comment; everyone else only their own.
  if (canModerate(user)) return deleteAnyComment(postId, commentId).ok ? ok({ commentId }) : err("error.notFound");
  const owned = ownComment(commentId, postId, user);
  if (!owned.ok) return owned;
  transaction((db) => {
    if (softDeleteComment(db, commentId, Date.now())) adjustCommentCount(db, postId, -1);
    cancelWaitingRowsQuoting(db, { commentIds: [commentId] });
  });
  return ok({ commentId });
}

/** Followers hear about a new public comment in-app; by email only if they asked for it. */
function notifyFollowersOfComment(db: Db, post: PostRow, comment: CommentRow, author: SessionUser, text: string, now: number): number {
  const payload: PayloadOf<"comment"> = {
    siteName: getSiteSettings().siteName,
    postId: post.id,
    title: post.title,
    commentId: comment.id,
    authorName: author.displayName,
    excerpt: excerptOf(text, 300),
  };
  return announce(db, followersOfPost(post.id, { except: author.id }), {
    inApp: { postId: post.id, type: "comment", commentId: comment.id },
    email: { template: "comment", payload, dedupePrefix: `comment:${comment.id}:user:`, preference: "comment" },
    now,
  });
}

/**
 * A comment written elsewhere by the person with this address (a support desk, through the
 * API): its author is their account, or, for an address with none, a claimable placeholder
 * (as for on-behalf votes). The author's own rules apply: a banned account writes nothing,
 * a customer cannot write in a locked thread or under an idea awaiting approval.
 */
export async function addCommentFor(postId: number, input: NewComment, email: string): Promise<Result<{ commentId: number }>> {
  const address = normalizeEmail(email);
  const known = findUserByEmail(address);
  if (known) return addComment(postId, input, sessionUserOf(known));
  // Nobody has this address yet: ask as the new customer it would be first, so that a
  // refused comment leaves no account behind.
  const wouldBe: SessionUser = { id: 0, email: address, displayName: address, role: "customer", locale: null, bannedAt: null };
  const target = commentTarget(postId, input, wouldBe);
  if (!target.ok) return target;
  const author = transaction((db) => findOrCreatePlaceholderUser(db, address));
  return addComment(postId, input, sessionUserOf(author));
}

export type CommentThroughApi = NewComment & { internal: boolean; authorEmail?: string };

/**
 * A comment or internal note from an integration (the JSON API), through the same services
 * as the web forms: by the key's admin, or in the name of the owner of `authorEmail`.
 * Internal notes are staff's: one in someone's name needs a staff member's address.
 */
export async function addCommentThroughApi(postId: number, input: CommentThroughApi, admin: SessionUser): Promise<Result<{ commentId: number }>> {
  if (!input.internal) return input.authorEmail ? addCommentFor(postId, input, input.authorEmail) : addComment(postId, input, admin);
  // Notes are not a thread: nothing replies to one, and one replies to nothing.
  if (input.parentId) return err("error.replyTarget", "parentId");
  if (!input.authorEmail) return addInternalNote(postId, input.body, admin);
  const author = findUserByEmail(normalizeEmail(input.authorEmail));
  if (!author || !isStaff(author)) return err("error.noteNeedsStaff", "authorEmail");
  return addInternalNote(postId, input.body, sessionUserOf(author));
}

const commentsCursor = z.tuple([z.number().int(), z.number().int().positive()]);

/**
 * A keyset page of a post's thread in thread order, deleted comments kept in their place
 * (text gone) so replies keep their parent. Internal notes only when `withNotes`: callers
 * check that the asker is staff.
 */
export function commentsPage(
  postId: number,
  page: { withNotes: boolean; cursor?: string; limit: number },
): Result<{ rows: CommentForStaff[]; nextCursor: string | null }> {
  if (!findLivePost(postId)) return err("error.notFound");
  const key = decodeCursor(page.cursor, commentsCursor);
  const rows = listCommentsPage(postId, { withNotes: page.withNotes, after: key && { createdAt: key[0], id: key[1] }, limit: page.limit + 1 });
  return ok(keysetPage(rows, page.limit, (c) => [c.createdAt, c.id]));
}

/** One comment or note with its author, for staff. */
export function commentForStaff(commentId: number): CommentForStaff | undefined {
  return findCommentWithAuthor(commentId);
}
