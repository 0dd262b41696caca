// Form schemas for posts, comments and votes, shared by the actions that parse them and
// the pages that check them as the user types (so no server-only imports here).
import { z } from "zod";
import { commentBodyField, idParam, postBodyField, postTitleField } from "~/utils/validation";

export const newPostSchema = z.object({
  title: postTitleField,
  body: postBodyField,
  board: z.string().trim().max(64).optional(),
});

/** A comment, or a reply when `parentId` names the comment it answers. */
export const newCommentSchema = z.object({
  body: commentBodyField,
  parentId: idParam.optional(),
});

export const editCommentSchema = z.object({ body: commentBodyField });

/** Deleting a comment asks nothing: the comment is in the URL. */
export const deleteCommentSchema = z.object({});

/**
 * A vote toggles; the form only says where a browser without JavaScript goes back to
 * (checked by safeRedirectPath on the server) and whether a fetcher sent it.
 */
export const voteSchema = z.object({
  redirectTo: z.string().optional(),
  via: z.string().optional(),
});
