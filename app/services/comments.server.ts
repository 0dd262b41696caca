// Comments: markdown rendered on write, one level of replies, soft delete, and
// comment_count kept in the same transaction as the row it counts.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import { findPublicComment, insertComment, softDeleteComment, updateCommentBody } from "~/models/comments.server";
import { adjustCommentCount, findLivePost } from "~/models/posts.server";
import { subscribeUnlessDecided } from "~/models/subscriptions.server";
import type { SessionUser } from "./auth.server";
import { renderMarkdown } from "./markdown.server";
import { allowAttempt } from "./rate-limit.server";
import { commentBodyField, idParam } from "./validation.server";

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
      formError?: "error.rateLimited" | "error.banned" | "error.notFound" | "error.forbidden";
      fieldErrors?: { parentId?: "error.replyTarget" };
    };

export function addComment(postId: number, input: z.output<typeof newCommentSchema>, author: SessionUser): CommentResult {
  if (author.bannedAt) return { ok: false, status: 403, formError: "error.banned" };
  if (!findLivePost(postId)) return { ok: false, status: 404, formError: "error.notFound" };
  if (input.parentId) {
    const parent = findPublicComment(input.parentId);
    // Replies go one level deep, under a comment of this same post.
    if (!parent || parent.postId !== postId || parent.parentId !== null) {
      return { ok: false, status: 400, fieldErrors: { parentId: "error.replyTarget" } };
    }
  }
  if (!allowAttempt("comment", `user:${author.id}`)) return { ok: false, status: 429, formError: "error.rateLimited" };
  const bodyHtml = renderMarkdown(input.body);
  const comment = transaction((db) => {
    const row = insertComment(db, {
      postId,
      authorId: author.id,
      parentId: input.parentId ?? null,
      bodyMd: input.body,
      bodyHtml,
    });
    adjustCommentCount(db, postId, 1);
    subscribeUnlessDecided(db, postId, author.id);
    return row;
  });
  return { ok: true, commentId: comment.id };
}

function ownComment(commentId: number, postId: number, user: SessionUser) {
  const comment = findPublicComment(commentId);
  if (!comment || comment.postId !== postId || comment.deletedAt) {
    return { error: { ok: false, status: 404, formError: "error.notFound" } as const };
  }
  if (comment.authorId !== user.id) return { error: { ok: false, status: 403, formError: "error.forbidden" } as const };
  if (user.bannedAt) return { error: { ok: false, status: 403, formError: "error.banned" } as const };
  return { comment };
}

/** The author's own live comment, for the edit form. */
export function commentForEditing(postId: number, commentId: number, user: SessionUser) {
  const { comment, error } = ownComment(commentId, postId, user);
  if (error) return { error };
  return { comment: { postId, commentId: comment.id, body: comment.bodyMd } };
}

export function editComment(postId: number, commentId: number, body: string, user: SessionUser): CommentResult {
  const { comment, error } = ownComment(commentId, postId, user);
  if (error) return error;
  const bodyHtml = renderMarkdown(body);
  transaction((db) => updateCommentBody(db, comment.id, body, bodyHtml, Date.now()));
  return { ok: true, commentId: comment.id };
}

export function deleteComment(postId: number, commentId: number, user: SessionUser): CommentResult {
  const { comment, error } = ownComment(commentId, postId, user);
  if (error) return error;
  transaction((db) => {
    if (softDeleteComment(db, comment.id, Date.now())) adjustCommentCount(db, postId, -1);
  });
  return { ok: true, commentId: comment.id };
}
