// Staff's work on posts: kind, sizing, tags, moderation, approval, on-behalf votes,
// internal notes and bans. Routes authorise (requireStaff) before calling these.
import { z } from "zod";
import { newTagSchema } from "~/schemas/tags";
import { INBOX_SORTS, type bulkSchema, type onBehalfSchema } from "~/schemas/triage";
import { err, ok, type Err, type Result } from "~/utils/result";
import { transaction } from "~/db/client.server";
import { POST_KINDS, POST_STATUSES, SETTABLE_STATUSES, type PostKind } from "~/db/schema";
import { listAllBoards } from "~/models/boards.server";
import { insertInternalNote, findCommentForStaff, softDeleteComment, recountComments } from "~/models/comments.server";
import { countInbox, countPendingApproval, findLivePost, findPostDetail, listInbox, updatePost } from "~/models/posts.server";
import { addTagToPosts, deleteTag, existingTagIds, findTagByName, insertTag, listTags, replacePostTags, tagsOfPosts } from "~/models/tags.server";
import { findOrCreatePlaceholderUser, findUserByEmail, findUserById, setUserBanned } from "~/models/users.server";
import { cancelWaitingRowsQuoting } from "~/models/outbox.server";
import { endAllSessionsIn, normalizeEmail, type SessionUser } from "./auth.server";
import { banRefusal, canSeePost } from "./policy.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { changeStatus, changeStatusOfMany, NO_RESPONSE, renderStatusResponse, staffStatusChangeIn, type SettableStatus } from "./loop.server";
import { kickOutbox } from "./outbox.server";
import { setOwner } from "./staff-post.server";
import { addVoteIn, removeVoteIn } from "./votes.server";
import { queuePostsUpdated } from "./webhooks.server";

/** A change that names its posts: none of them still there is "not found". */
const updatedAny = (count: number): Result => (count > 0 ? ok() : err("error.notFound"));

/** The kind of several posts at once; how many of them were changed. */
export function setKindOfMany(postIds: number[], kind: PostKind | null, now = Date.now()): number {
  return transaction((db) => {
    const changed = updatePost(db, postIds, { kind, updatedAt: now });
    queuePostsUpdated(db, postIds, "kind", now);
    return changed;
  });
}

export function setKind(postId: number, kind: PostKind | null, now = Date.now()): Result {
  return updatedAny(setKindOfMany([postId], kind, now));
}

/** Impact and effort, 1–5 each; only feature requests are sized (their priority is votes × impact ÷ effort). */
export function setSizing(postId: number, impact: number | null, effort: number | null, now = Date.now()): Result {
  const post = findLivePost(postId);
  if (!post) return err("error.notFound");
  if (post.kind !== "feature_request" && (impact !== null || effort !== null)) return err("error.sizingFeatureOnly", "impact");
  transaction((db) => updatePost(db, postId, { impact, effort, updatedAt: now }));
  return ok();
}

export function setPostTags(postId: number, tagIds: number[]): Result {
  if (!findLivePost(postId)) return err("error.notFound");
  const known = existingTagIds(tagIds);
  transaction((db) => {
    replacePostTags(db, postId, known);
    queuePostsUpdated(db, [postId], "tags");
  });
  return ok();
}

export function createTag(input: z.output<typeof newTagSchema>): Result {
  if (findTagByName(input.name)) return err("error.tagTaken", "name");
  insertTag(input);
  return ok();
}

export function removeTag(tagId: number): Result {
  deleteTag(tagId);
  return ok();
}

export function setCommentsLocked(postId: number, locked: boolean, now = Date.now()): Result {
  if (!findLivePost(postId)) return err("error.notFound");
  transaction((db) => updatePost(db, postId, { commentsLockedAt: locked ? now : null, updatedAt: now }));
  return ok();
}

/** Deletes posts (or rejects ones awaiting approval); emails still waiting that quote them are cancelled with it. How many were deleted. */
export function deletePosts(postIds: number[], now = Date.now()): number {
  return transaction((db) => {
    const deleted = updatePost(db, postIds, { deletedAt: now, updatedAt: now });
    cancelWaitingRowsQuoting(db, { postIds });
    return deleted;
  });
}

export function deletePost(postId: number, now = Date.now()): Result {
  return updatedAny(deletePosts([postId], now));
}

/** How many of the posts were approved (or were already). */
export function approvePosts(postIds: number[], now = Date.now()): number {
  return transaction((db) => updatePost(db, postIds, { pendingApproval: false, updatedAt: now }));
}

export function approvePost(postId: number, now = Date.now()): Result {
  return updatedAny(approvePosts([postId], now));
}

/** The inbox's quick save of one row: its kind, then its status (the same status again is no error here). */
export async function triagePost(postId: number, kind: PostKind | null, status: SettableStatus, actor: SessionUser): Promise<Result> {
  const kindSet = setKind(postId, kind);
  if (!kindSet.ok) return kindSet;
  const changed = await changeStatus(postId, status, "", actor);
  return changed.ok || changed.error === "error.statusUnchanged" ? ok() : changed;
}

/** Properties of one post to change at once; what is left undefined stays as it is. */
export type PostChanges = {
  kind?: PostKind | null;
  impact?: number | null;
  effort?: number | null;
  tagIds?: number[];
  ownerId?: number | null;
  status?: SettableStatus;
  response?: string;
};

/** Thrown inside the transaction of updatePostProperties to undo what it changed so far. */
class Refused extends Error {
  constructor(readonly failure: Err) {
    super(failure.error);
  }
}

/**
 * Several properties of one post at once (the API's PATCH), each through the service its
 * own staff form uses, in one transaction (theirs nest in it): all of them are made or,
 * at the first refusal, none. The kind is set before the sizing it allows, and the status
 * last. The same status again without a response is no change here, as in triagePost.
 */
export async function updatePostProperties(postId: number, changes: PostChanges, actor: SessionUser, now = Date.now()): Promise<Result> {
  const response = changes.status ? await renderStatusResponse(changes.response ?? "") : NO_RESPONSE;
  const check = (result: Result<unknown>) => {
    if (!result.ok) throw new Refused(result);
  };
  let emailed = 0;
  try {
    transaction((db) => {
      const before = findLivePost(postId, db);
      if (!before) return check(err("error.notFound"));
      if (changes.ownerId !== undefined) check(setOwner(postId, changes.ownerId, actor, now));
      if (changes.kind !== undefined) check(setKind(postId, changes.kind, now));
      if (changes.impact !== undefined || changes.effort !== undefined) {
        check(
          setSizing(postId, changes.impact === undefined ? before.impact : changes.impact, changes.effort === undefined ? before.effort : changes.effort, now),
        );
      }
      if (changes.tagIds) check(setPostTags(postId, changes.tagIds));
      if (changes.status) {
        const changed = staffStatusChangeIn(db, postId, changes.status, response, actor, now);
        if (changed.ok) emailed = changed.value.emailed;
        else if (changed.error !== "error.statusUnchanged") check(changed);
      }
    });
  } catch (error) {
    if (error instanceof Refused) return error.failure;
    throw error;
  }
  if (emailed > 0) kickOutbox();
  return ok();
}

/** Any comment or internal note, by staff: a soft delete, counts kept right. */
export function deleteAnyComment(postId: number, commentId: number, now = Date.now()): Result {
  const comment = findCommentForStaff(commentId);
  if (!comment || comment.postId !== postId || comment.deletedAt) return err("error.notFound");
  transaction((db) => {
    softDeleteComment(db, commentId, now);
    cancelWaitingRowsQuoting(db, { commentIds: [commentId] });
    recountComments(db, postId);
  });
  return ok();
}

export async function addInternalNote(postId: number, body: string, author: SessionUser): Promise<Result<{ commentId: number }>> {
  if (!findLivePost(postId)) return err("error.notFound");
  const { html: bodyHtml } = await renderMarkdown(body);
  // Not counted, not notified: customers must not learn that a note exists.
  return transaction((db): Result<{ commentId: number }> => {
    if (!findLivePost(postId, db)) return err("error.notFound");
    const note = insertInternalNote(db, { postId, authorId: author.id, bodyMd: body, bodyHtml });
    return ok({ commentId: note.id });
  });
}

/**
 * A vote recorded for a customer heard on a call. No account yet? A placeholder user
 * holds the vote until the customer signs up with that email and takes it over.
 */
export function voteOnBehalf(postId: number, input: z.output<typeof onBehalfSchema>, staff: SessionUser, now = Date.now()): Result<{ userId: number }> {
  const email = normalizeEmail(input.email);
  return transaction((db): Result<{ userId: number }> => {
    const post = findLivePost(postId, db);
    if (!post || post.mergedIntoId) return err("error.notFound");
    // The rule every vote follows: nobody is counted (and then notified) on a post they
    // cannot see. An address with no account yet would be a customer.
    if (!canSeePost(post, findUserByEmail(email) ?? null)) return err("error.onBehalfCannotSee", "email");
    const customer = findOrCreatePlaceholderUser(db, email);
    const added = addVoteIn(db, postId, customer.id, now, { addedById: staff.id, note: input.note || undefined });
    return added ? ok({ userId: customer.id }) : err("error.alreadyVoted", "email");
  });
}

/**
 * Takes back a customer's vote that staff (or their CRM, through the API) say should not
 * count; vote count and trending score follow. No such account, or no vote: not found.
 */
export function removeVoteOnBehalf(postId: number, email: string, now = Date.now()): Result {
  const customer = findUserByEmail(normalizeEmail(email));
  return transaction((db): Result => {
    const post = findLivePost(postId, db);
    if (!post || post.mergedIntoId || !customer) return err("error.notFound");
    return removeVoteIn(db, postId, customer.id, now) ? ok() : err("error.notFound");
  });
}

/**
 * A banned account is signed out and cannot sign in again (ADR 008): banned_at and the
 * end of every session it had are one commit. Who may ban whom is policy's banRefusal.
 */
export function setBanned(userId: number, banned: boolean, actor: SessionUser, now = Date.now()): Result {
  return transaction((db): Result => {
    const user = findUserById(userId);
    if (!user) return err("error.notFound");
    const refusal = banRefusal(actor, user);
    if (refusal) return err(refusal);
    setUserBanned(db, userId, banned ? now : null);
    if (banned) endAllSessionsIn(db, userId);
    return ok();
  });
}

export type BulkInput = z.output<typeof bulkSchema>;

/** One bulk action over the selected rows of the inbox. */
export function applyBulk({ ids, bulk, tagId }: BulkInput, actor: SessionUser): Result {
  const kind = POST_KINDS.find((k) => bulk === `kind:${k}`);
  const status = SETTABLE_STATUSES.find((s) => bulk === `status:${s}`);
  if (kind) setKindOfMany(ids, kind);
  else if (status) changeStatusOfMany(ids, status, actor);
  else if (bulk === "tag") {
    if (!tagId || existingTagIds([tagId]).length === 0) return err("error.chooseTag", "tagId");
    transaction((db) => {
      addTagToPosts(db, ids, tagId);
      queuePostsUpdated(db, ids, "tags");
    });
  } else if (bulk === "approve") approvePosts(ids);
  else if (bulk === "delete") deletePosts(ids);
  return ok();
}

export const inboxQuerySchema = z.object({
  sort: z.enum(INBOX_SORTS).catch("votes"),
  board: z.string().max(64).optional().catch(undefined),
  status: z.enum(POST_STATUSES).optional().catch(undefined),
  kind: z
    .enum([...POST_KINDS, "none"])
    .optional()
    .catch(undefined),
  tag: z.coerce.number().int().positive().optional().catch(undefined),
  pending: z.enum(["1"]).optional().catch(undefined),
  /** "me": the viewer's posts; "none": posts nobody owns yet. */
  owner: z.enum(["me", "none"]).optional().catch(undefined),
  /** Shipped and declined ideas are hidden unless asked for (or a status filter names one). */
  closed: z.enum(["1"]).optional().catch(undefined),
  /** The post shown beside the list. */
  post: z.coerce.number().int().positive().optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

const INBOX_PAGE = 50;
const inboxCursor = z.tuple([z.number().int(), z.number().finite(), z.number().int().positive()]);

/** The triage inbox page: "Needs triage" then "Triaged", filters, the selected post, and the data the row actions need. */
export function inboxPage(query: InboxQuery, viewer: SessionUser) {
  const boards = listAllBoards().map(({ id, slug, name }) => ({ id, slug, name }));
  const board = query.board ? boards.find((b) => b.slug === query.board) : undefined;
  const key = decodeCursor(query.cursor, inboxCursor);
  const cursor = key ? { untriaged: key[0], value: key[1], id: key[2] } : null;
  const filters = {
    boardId: board?.id,
    status: query.status,
    kind: query.kind === "none" ? undefined : query.kind,
    untriagedOnly: query.kind === "none",
    tagId: query.tag,
    pendingOnly: query.pending === "1",
    ownerId: query.owner === "me" ? viewer.id : undefined,
    unassignedOnly: query.owner === "none",
    hideClosed: query.closed !== "1" && !query.status,
  };
  const rows = listInbox(query.sort, filters, cursor, INBOX_PAGE + 1);
  const shown = rows.slice(0, INBOX_PAGE);
  const last = shown[shown.length - 1];
  const nextCursor = rows.length > INBOX_PAGE ? encodeCursor([last.untriaged, last.sortValue, last.id]) : null;
  const tags = tagsOfPosts(shown.map((r) => r.id));
  return {
    rows: shown.map(({ sortValue, untriaged, ...r }) => ({
      ...r,
      // Shown on each row only while the inbox is sorted by it.
      voterSpend: query.sort === "spend" ? sortValue : null,
      untriaged: untriaged === 1,
      tags: tags.filter((t) => t.postId === r.id).map(({ id, name, color }) => ({ id, name, color })),
    })),
    counts: countInbox(filters),
    selected: query.post ? inboxDetail(query.post) : null,
    nextCursor,
    boards,
    allTags: listTags().map(({ id, name, color }) => ({ id, name, color })),
    pendingCount: countPendingApproval(),
    query,
  };
}

/** The post beside the inbox list: what staff need to triage it without opening its page. */
function inboxDetail(postId: number) {
  const post = findPostDetail(postId);
  if (!post) return null;
  return {
    id: post.id,
    title: post.title,
    bodyHtml: post.bodyHtml,
    status: post.status,
    kind: post.kind,
    voteCount: post.voteCount,
    commentCount: post.commentCount,
    createdAt: post.createdAt,
    authorName: post.authorName,
    boardName: post.boardName,
    pendingApproval: post.pendingApproval,
    mergedIntoId: post.mergedIntoId,
    priority: post.priority,
    impact: post.impact,
    effort: post.effort,
    tags: tagsOfPosts([postId]).map(({ id, name, color }) => ({ id, name, color })),
  };
}
