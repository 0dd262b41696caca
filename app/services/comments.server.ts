// Comments: markdown rendered on write, one level of replies, soft delete, and
// comment_count kept in the same transaction as the row it counts.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import { findPublicComment, insertComment, softDeleteComment, updateCommentBody } from "~/models/comments.server";
import { adjustCommentCount, findLivePost } from "~/models/posts.server";
import { cancelWaitingRowsQuoting } from "~/models/outbox.server";
import { followersOfPost } from "~/models/recipients.server";
import { subscribeUnlessDecided } from "~/models/subscriptions.server";
import type { PostRow } from "~/models/posts.server";
import type { CommentRow } from "~/models/comments.server";
import type { PayloadOf } from "~/emails/templates";
import type { Db } from "~/db/client.server";
import type { SessionUser } from "./auth.server";
import { excerptOf, renderMarkdown } from "~/utils/markdown.server";
import { allowAttempt } from "./rate-limit.server";
import { canSeePost, isStaff, threadOpenTo } from "./policy.server";
import { kickOutbox } from "./outbox.server";
import { announce } from "./notices.server";
import { getSiteSettings } from "./site.server";
import { deleteAnyComment } from "./triage.server";
import { commentBodyField, idParam } from "~/utils/validation";

export const newCommentSchema = z.object({
  body: commentBodyField,
  parentId: z.preprocess((v) => (v === "" ? undefined : v), idParam.optional()),
});

export const editCommentSchema = z.object({ body: commentBodyField });

export type CommentResult =
  | { ok: true; commentId: number }
  | {
      ok: false;
      status: number;
      formError?: "error.rateLimited" | "error.banned" | "error.notFound" | "error.forbidden" | "error.commentsLocked";
      fieldErrors?: { parentId?: "error.replyTarget" };
    };

type CommentFailure = Extract<CommentResult, { ok: false }>;

/** The live post a new comment goes under, or why it may not go there. */
function commentTarget(postId: number, input: z.output<typeof newCommentSchema>, author: SessionUser): PostRow | CommentFailure {
  if (author.bannedAt) return { ok: false, status: 403, formError: "error.banned" };
  const post = findLivePost(postId);
  if (!post || post.mergedIntoId || !canSeePost(post, author)) {
    return { ok: false, status: 404, formError: "error.notFound" };
  }
  if (!threadOpenTo(post, author)) return { ok: false, status: 403, formError: "error.commentsLocked" };
  if (input.parentId) {
    const parent = findPublicComment(input.parentId);
    // Replies go one level deep, under a comment of this same post.
    if (!parent || parent.postId !== postId || parent.parentId !== null) {
      return { ok: false, status: 400, fieldErrors: { parentId: "error.replyTarget" } };
    }
  }
  return post;
}

export async function addComment(postId: number, input: z.output<typeof newCommentSchema>, author: SessionUser): Promise<CommentResult> {
  const target = commentTarget(postId, input, author);
  if ("ok" in target) return target;
  if (!allowAttempt("comment", `user:${author.id}`)) return { ok: false, status: 429, formError: "error.rateLimited" };
  const rendered = await renderMarkdown(input.body);
  // Rendering gave other requests their turn: the post may have been locked or removed meanwhile.
  const post = commentTarget(postId, input, author);
  if ("ok" in post) return post;
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
    subscribeUnlessDecided(db, postId, author.id);
    emailed = notifyFollowersOfComment(db, post, row, author, rendered.text, now);
    return row;
  });
  if (emailed > 0) kickOutbox();
  return { ok: true, commentId: comment.id };
}

function ownComment(commentId: number, postId: number, user: SessionUser) {
  const comment = findPublicComment(commentId);
  if (!comment || comment.postId !== postId || comment.deletedAt) {
    return { error: { ok: false, status: 404, formError: "error.notFound" } as const };
  }
  if (comment.authorId !== user.id) return { error: { ok: false, status: 403, formError: "error.forbidden" } as const };
  if (user.bannedAt) return { error: { ok: false, status: 403, formError: "error.banned" } as const };
  // A locked thread stops edits and deletes as it stops new comments; staff still may.
  const post = findLivePost(postId);
  if (post && !threadOpenTo(post, user)) return { error: { ok: false, status: 403, formError: "error.commentsLocked" } as const };
  return { comment };
}

/** The author's own live comment, for the edit form. */
export function commentForEditing(postId: number, commentId: number, user: SessionUser) {
  const { comment, error } = ownComment(commentId, postId, user);
  if (error) return { error };
  return { comment: { postId, commentId: comment.id, body: comment.bodyMd } };
}

export async function editComment(postId: number, commentId: number, body: string, user: SessionUser): Promise<CommentResult> {
  const owned = ownComment(commentId, postId, user);
  if (owned.error) return owned.error;
  // Every edit is rendered again, so edits are limited like new comments.
  if (!allowAttempt("commentEdit", `user:${user.id}`)) return { ok: false, status: 429, formError: "error.rateLimited" };
  const { html } = await renderMarkdown(body);
  const { comment, error } = ownComment(commentId, postId, user);
  if (error) return error;
  transaction((db) => updateCommentBody(db, comment.id, body, html, Date.now()));
  return { ok: true, commentId: comment.id };
}

export function deleteComment(postId: number, commentId: number, user: SessionUser): CommentResult {
  // Staff moderate any comment; everyone else only their own.
  if (isStaff(user)) {
    const result = deleteAnyComment(postId, commentId);
    return result.ok ? { ok: true, commentId } : { ok: false, status: 404, formError: "error.notFound" };
  }
  const { comment, error } = ownComment(commentId, postId, user);
  if (error) return error;
  transaction((db) => {
    if (softDeleteComment(db, comment.id, Date.now())) adjustCommentCount(db, postId, -1);
    cancelWaitingRowsQuoting(db, { commentIds: [comment.id] });
  });
  return { ok: true, commentId: comment.id };
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
