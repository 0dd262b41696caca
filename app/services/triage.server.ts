// Staff's work on posts: kind, sizing, tags, moderation, approval, on-behalf votes,
// internal notes and bans. Routes authorise (requireStaff) before calling these.
import { z } from "zod";
import { newTagSchema } from "~/schemas/tags";
import { err, ok, type Result } from "~/utils/result";
import { transaction } from "~/db/client.server";
import { POST_KINDS, POST_STATUSES } from "~/db/schema";
import { listAllBoards } from "~/models/boards.server";
import { insertInternalNote, findCommentForStaff, softDeleteComment, recountComments } from "~/models/comments.server";
import { adjustVoteCount, countPendingApproval, findLivePost, listInbox, updatePost } from "~/models/posts.server";
import { addTagToPosts, deleteTag, existingTagIds, findTagByName, insertTag, listTags, replacePostTags, tagsOfPosts } from "~/models/tags.server";
import { findOrCreatePlaceholderUser, findUserByEmail, findUserById, setUserBanned } from "~/models/users.server";
import { insertVoteIfAbsent } from "~/models/votes.server";
import { cancelWaitingRowsQuoting } from "~/models/outbox.server";
import { subscribeUnlessDecided } from "~/models/subscriptions.server";
import { endAllSessionsIn, normalizeEmail, type SessionUser } from "./auth.server";
import { banRefusal, canSeePost } from "./policy.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { voteWeight } from "~/utils/trending.server";
import { commentBodyField, emailField, idParam } from "~/utils/validation";
import { changeStatusOfMany, SETTABLE_STATUSES } from "./loop.server";

export type TriageResult = { ok: true } | { ok: false; status: number; error: string; field?: string };
const notFound: TriageResult = { ok: false, status: 404, error: "error.notFound" };

const idList = z.preprocess((v) => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? v.split(",") : []), z.array(idParam).max(500));
const optionalScore = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number({ message: "error.scoreRange" }).int("error.scoreRange").min(1, "error.scoreRange").max(5, "error.scoreRange").nullable(),
);

export const kindSchema = z.object({ kind: z.preprocess((v) => (v === "" ? null : v), z.enum(POST_KINDS, { message: "error.kindInvalid" }).nullable()) });
export const sizingSchema = z.object({
  impact: optionalScore,
  effort: optionalScore,
});
export const tagsSchema = z.object({ tagIds: idList });
export const onBehalfSchema = z.object({
  email: emailField,
  note: z.string().trim().max(200, "error.noteTooLong").default(""),
});
export const internalNoteSchema = z.object({ body: commentBodyField });
export const bulkSchema = z.object({
  ids: idList.refine((ids) => ids.length > 0, "error.selectPosts"),
  bulk: z.enum(["kind:bug", "kind:minor_bug", "kind:feature_request", ...SETTABLE_STATUSES.map((s) => `status:${s}` as const), "tag", "approve", "delete"], {
    message: "error.chooseAction",
  }),
  tagId: z.preprocess((v) => (v === "" ? undefined : v), idParam.optional()),
});

export function setKind(postIds: number[], kind: (typeof POST_KINDS)[number] | null, now = Date.now()): number {
  return transaction((db) => updatePost(db, postIds, { kind, updatedAt: now }));
}

/** Impact and effort, 1–5 each; only feature requests are sized (their priority is votes × impact ÷ effort). */
export function setSizing(postId: number, impact: number | null, effort: number | null, now = Date.now()): TriageResult {
  const post = findLivePost(postId);
  if (!post) return notFound;
  if (post.kind !== "feature_request" && (impact !== null || effort !== null)) {
    return { ok: false, status: 400, error: "error.sizingFeatureOnly", field: "impact" };
  }
  transaction((db) => updatePost(db, postId, { impact, effort, updatedAt: now }));
  return { ok: true };
}

export function setPostTags(postId: number, tagIds: number[]): TriageResult {
  if (!findLivePost(postId)) return notFound;
  const known = existingTagIds(tagIds);
  transaction((db) => replacePostTags(db, postId, known));
  return { ok: true };
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

export function setCommentsLocked(postId: number, locked: boolean, now = Date.now()): TriageResult {
  if (!findLivePost(postId)) return notFound;
  transaction((db) => updatePost(db, postId, { commentsLockedAt: locked ? now : null, updatedAt: now }));
  return { ok: true };
}

/** Deletes posts (or rejects ones awaiting approval); emails still waiting that quote them are cancelled with it. */
export function deletePosts(postIds: number[], now = Date.now()): number {
  return transaction((db) => {
    const deleted = updatePost(db, postIds, { deletedAt: now, updatedAt: now });
    cancelWaitingRowsQuoting(db, { postIds });
    return deleted;
  });
}

export function approvePosts(postIds: number[], now = Date.now()): number {
  return transaction((db) => updatePost(db, postIds, { pendingApproval: false, updatedAt: now }));
}

/** Any comment or internal note, by staff: a soft delete, counts kept right. */
export function deleteAnyComment(postId: number, commentId: number, now = Date.now()): TriageResult {
  const comment = findCommentForStaff(commentId);
  if (!comment || comment.postId !== postId || comment.deletedAt) return notFound;
  transaction((db) => {
    softDeleteComment(db, commentId, now);
    cancelWaitingRowsQuoting(db, { commentIds: [commentId] });
    recountComments(db, postId);
  });
  return { ok: true };
}

export async function addInternalNote(postId: number, body: string, author: SessionUser): Promise<TriageResult> {
  if (!findLivePost(postId)) return notFound;
  const { html: bodyHtml } = await renderMarkdown(body);
  // Not counted, not notified: customers must not learn that a note exists.
  return transaction((db): TriageResult => {
    if (!findLivePost(postId, db)) return notFound;
    insertInternalNote(db, { postId, authorId: author.id, bodyMd: body, bodyHtml });
    return { ok: true };
  });
}

/**
 * A vote recorded for a customer heard on a call. No account yet? A placeholder user
 * holds the vote until the customer signs up with that email and takes it over.
 */
export function voteOnBehalf(postId: number, input: z.output<typeof onBehalfSchema>, staff: SessionUser, now = Date.now()): TriageResult {
  const email = normalizeEmail(input.email);
  return transaction((db): TriageResult => {
    const post = findLivePost(postId, db);
    if (!post || post.mergedIntoId) return notFound;
    // The rule every vote follows: nobody is counted (and then notified) on a post they
    // cannot see. An address with no account yet would be a customer.
    if (!canSeePost(post, findUserByEmail(email) ?? null)) return { ok: false, status: 400, error: "error.onBehalfCannotSee", field: "email" };
    const customer = findOrCreatePlaceholderUser(db, email, email.split("@")[0]);
    const createdAt = insertVoteIfAbsent(db, {
      postId,
      userId: customer.id,
      createdAt: now,
      source: "on_behalf",
      addedById: staff.id,
      note: input.note || undefined,
    });
    if (createdAt === null) return { ok: false, status: 400, error: "error.alreadyVoted", field: "email" };
    adjustVoteCount(db, postId, 1, voteWeight(createdAt));
    subscribeUnlessDecided(db, postId, customer.id);
    return { ok: true };
  });
}

/**
 * A banned account is signed out and cannot sign in again (ADR 008): banned_at and the
 * end of every session it had are one commit. Who may ban whom is policy's banRefusal.
 */
export function setBanned(userId: number, banned: boolean, actor: SessionUser, now = Date.now()): TriageResult {
  return transaction((db): TriageResult => {
    const user = findUserById(userId);
    if (!user) return notFound;
    const refusal = banRefusal(actor, user);
    if (refusal) return { ok: false, status: refusal === "error.cannotBanStaff" ? 403 : 400, error: refusal };
    setUserBanned(db, userId, banned ? now : null);
    if (banned) endAllSessionsIn(db, userId);
    return { ok: true };
  });
}

export type BulkInput = z.output<typeof bulkSchema>;

/** One bulk action over the selected rows of the inbox. */
export function applyBulk(input: BulkInput, actor: SessionUser): TriageResult {
  const [action, value] = input.bulk.split(":") as [string, string | undefined];
  if (action === "kind") setKind(input.ids, value as (typeof POST_KINDS)[number]);
  else if (action === "status") changeStatusOfMany(input.ids, value as (typeof SETTABLE_STATUSES)[number], actor);
  else if (action === "tag") {
    if (!input.tagId || existingTagIds([input.tagId]).length === 0) return { ok: false, status: 400, error: "error.chooseTag", field: "tagId" };
    transaction((db) => addTagToPosts(db, input.ids, input.tagId!));
  } else if (action === "approve") approvePosts(input.ids);
  else if (action === "delete") deletePosts(input.ids);
  return { ok: true };
}

export const inboxQuerySchema = z.object({
  sort: z.enum(["votes", "newest", "priority"]).catch("votes"),
  board: z.string().max(64).optional().catch(undefined),
  status: z.enum(POST_STATUSES).optional().catch(undefined),
  kind: z
    .enum([...POST_KINDS, "none"])
    .optional()
    .catch(undefined),
  tag: z.coerce.number().int().positive().optional().catch(undefined),
  pending: z.enum(["1"]).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

const INBOX_PAGE = 50;
const inboxCursor = z.tuple([z.number().int(), z.number().finite(), z.number().int().positive()]);

/** The triage inbox page: untriaged first, filters, and the data the row actions need. */
export function inboxPage(query: InboxQuery) {
  const boards = listAllBoards().map(({ id, slug, name }) => ({ id, slug, name }));
  const board = query.board ? boards.find((b) => b.slug === query.board) : undefined;
  const key = decodeCursor(query.cursor, inboxCursor);
  const cursor = key ? { untriaged: key[0], value: key[1], id: key[2] } : null;
  const rows = listInbox(
    query.sort,
    {
      boardId: board?.id,
      status: query.status,
      kind: query.kind === "none" ? undefined : query.kind,
      untriagedOnly: query.kind === "none",
      tagId: query.tag,
      pendingOnly: query.pending === "1",
    },
    cursor,
    INBOX_PAGE + 1,
  );
  const shown = rows.slice(0, INBOX_PAGE);
  const last = shown[shown.length - 1];
  const nextCursor = rows.length > INBOX_PAGE ? encodeCursor([last.untriaged, last.sortValue, last.id]) : null;
  const tags = tagsOfPosts(shown.map((r) => r.id));
  return {
    rows: shown.map(({ sortValue: _s, untriaged: _u, ...r }) => ({
      ...r,
      tags: tags.filter((t) => t.postId === r.id).map(({ id, name, color }) => ({ id, name, color })),
    })),
    nextCursor,
    boards,
    allTags: listTags().map(({ id, name, color }) => ({ id, name, color })),
    pendingCount: countPendingApproval(),
    query,
  };
}
