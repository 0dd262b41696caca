// The staff post page's two columns, as data: the sidebar of properties (the same one the
// triage inbox shows beside its list) and the activity feed in time order. Also the
// actions only the sidebar has: the owner, the board, the merge picker's search, and a
// status change that can add the idea to a changelog draft.
import { transaction, type Db } from "~/db/client.server";
import type { PostRow } from "~/models/posts.server";
import { findLivePost, findPostDetail, updatePost } from "~/models/posts.server";
import { listAllBoards, findBoardById } from "~/models/boards.server";
import { findLatestDraft, insertEntry, linkPostToEntry } from "~/models/changelog.server";
import { listInternalNotes } from "~/models/comments.server";
import { findActiveMergeOf, listMergesIntoForStaff } from "~/models/merges.server";
import { countRecipients, followersOfPost, recipientUser } from "~/models/recipients.server";
import { listTimeline } from "~/models/status-changes.server";
import { countSubscribers } from "~/models/subscriptions.server";
import { csatSummary, listCsatComments } from "~/models/solved-answers.server";
import { listTags, tagsOfPosts } from "~/models/tags.server";
import { findUserById, findUsersByRole } from "~/models/users.server";
import { listVoterNames, listVotersForStaff, voterTraitsOf, type VoterTraits } from "~/models/votes.server";
import { POST_STATUSES, type PostStatus } from "~/db/schema";
import { asciiDigits, toFtsQuery } from "~/utils/text-normalize";
import { err, ok, type Result } from "~/utils/result";
import type { SessionUser } from "./auth.server";
import { changeStatus, renderStatusResponse, staffStatusChangeIn, statusNotifies, type SettableStatus, type StatusChangeOutcome } from "./loop.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { banRefusal, canModerate, isStaff } from "./policy.server";
import { listPosts, type ThreadComment } from "./posts.server";
import { queuePostsUpdated } from "./webhooks.server";

const VOTER_NAMES = 5;

export type PostSidebarData = {
  postId: number;
  title: string;
  status: PostStatus;
  kind: PostRow["kind"];
  boardId: number;
  boards: { id: number; name: string }[];
  tagIds: number[];
  allTags: { id: number; name: string; color: string }[];
  ownerId: number | null;
  owners: { id: number; name: string }[];
  impact: number | null;
  effort: number | null;
  priority: number | null;
  voterCount: number;
  voterNames: string[];
  /** Company traits from single sign-on: the biggest-spending voters, and all voters' monthly spend added up. */
  voterTraits: { voters: VoterTraits[]; totalSpend: number };
  followers: number;
  /** Who would hear about a status change now: the followers who may see the post, less the viewer. */
  notifyCount: number;
  /** The statuses whose change notifies (the site's setting). */
  notifyStatuses: PostStatus[];
  /** The draft "Add to a changelog draft" appends to; null when it would start one. */
  changelogDraft: { id: number; title: string } | null;
  csat: { yes: number; partly: number; no: number; total: number };
  csatComments: { answer: "yes" | "partly" | "no"; comment: string }[];
  authorId: number;
  authorName: string;
  mergedIntoId: number | null;
  canUndoMerge: boolean;
  pendingApproval: boolean;
  commentsLocked: boolean;
  /** Policy's answer: staff ban customers, only an admin bans staff, nobody an admin or themselves. */
  canBanAuthor: boolean;
};

/** Everything the sidebar shows and edits for one post; not found for anyone but staff. */
export function postSidebar(postId: number, viewer: SessionUser | null): Result<PostSidebarData> {
  if (!viewer || !canModerate(viewer)) return err("error.notFound");
  const post = findPostDetail(postId);
  if (!post) return err("error.notFound");
  const notifyStatuses = POST_STATUSES.filter((s) => statusNotifies(s));
  return ok({
    postId: post.id,
    title: post.title,
    status: post.status,
    kind: post.kind,
    boardId: post.boardId,
    boards: listAllBoards()
      .filter((b) => b.archivedAt === null || b.id === post.boardId)
      .map((b) => ({ id: b.id, name: b.name })),
    tagIds: tagsOfPosts([post.id]).map((t) => t.id),
    allTags: listTags().map(({ id, name, color }) => ({ id, name, color })),
    ownerId: post.ownerId,
    owners: findUsersByRole(["staff", "admin"])
      .filter((u) => !u.bannedAt || u.id === post.ownerId)
      .map((u) => ({ id: u.id, name: u.displayName })),
    impact: post.impact,
    effort: post.effort,
    priority: post.priority,
    voterCount: post.voteCount,
    voterNames: listVoterNames(post.id, VOTER_NAMES).map((v) => v.displayName),
    voterTraits: voterTraitsOf(post.id, VOTER_NAMES),
    followers: countSubscribers(post.id),
    notifyCount: countRecipients(followersOfPost(post.id, { except: viewer.id })),
    notifyStatuses,
    changelogDraft: draftOf(findLatestDraft()),
    csat: csatSummary(post.id),
    csatComments: listCsatComments(post.id, 20).map(({ answer, comment }) => ({ answer, comment })),
    authorId: post.authorId,
    authorName: post.authorName,
    mergedIntoId: post.mergedIntoId,
    canUndoMerge: post.mergedIntoId !== null && findActiveMergeOf(post.id) !== undefined,
    pendingApproval: post.pendingApproval,
    commentsLocked: post.commentsLockedAt !== null,
    canBanAuthor: banRefusal(viewer, { id: post.authorId, role: post.authorRole }) === null,
  });
}

const draftOf = (entry: { id: number; title: string } | undefined) => (entry ? { id: entry.id, title: entry.title } : null);

export type ActivityItem =
  | { type: "comment"; at: number; key: string; comment: ThreadComment }
  | { type: "status"; at: number; key: string; fromStatus: PostStatus; toStatus: PostStatus; actorName: string; responseHtml: string }
  | { type: "merge"; at: number; key: string; sourcePostId: number; sourceTitle: string; actorName: string }
  | { type: "vote"; at: number; key: string; voterName: string; addedByName: string | null; note: string | null }
  | { type: "note"; at: number; key: string; authorName: string; bodyHtml: string };

/**
 * One feed in time order for staff: the thread (each comment with its replies), status
 * changes with their responses, merges into this post, on-behalf votes and internal notes.
 * The caller passes the thread it already has (policy decided its controls).
 */
export function staffActivity(postId: number, thread: ThreadComment[], viewer: SessionUser): ActivityItem[] {
  if (!canModerate(viewer)) return [];
  const items: ActivityItem[] = [
    ...thread.map((comment) => ({ type: "comment" as const, at: comment.createdAt, key: `c${comment.id}`, comment })),
    ...listTimeline(postId).map((e) => ({
      type: "status" as const,
      at: e.createdAt,
      key: `s${e.id}`,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorName: e.actorName,
      responseHtml: e.responseHtml,
    })),
    ...listMergesIntoForStaff(postId).map((m) => ({
      type: "merge" as const,
      at: m.createdAt,
      key: `m${m.id}`,
      sourcePostId: m.sourcePostId,
      sourceTitle: m.sourceTitle,
      actorName: m.actorName,
    })),
    ...listVotersForStaff(postId, 200)
      .filter((v) => v.source === "on_behalf")
      .map((v) => ({
        type: "vote" as const,
        at: v.createdAt,
        key: `v${v.userId}`,
        voterName: v.displayName,
        addedByName: v.addedByName,
        note: v.note,
      })),
    ...listInternalNotes(postId).map((n) => ({ type: "note" as const, at: n.createdAt, key: `n${n.id}`, authorName: n.authorName, bodyHtml: n.bodyHtml })),
  ];
  return items.sort((a, b) => a.at - b.at);
}

/**
 * Who looks after the post: a staff member, or nobody (null). A new owner other than the
 * one assigning hears of it in-app, in the same transaction; nobody is told they took a
 * post themselves, or again about a post that was already theirs.
 */
export function setOwner(postId: number, ownerId: number | null, actor: SessionUser, now = Date.now()): Result {
  if (ownerId !== null && !isStaff(findUserById(ownerId))) return err("error.ownerInvalid", "ownerId");
  return transaction((db): Result => {
    const before = findLivePost(postId, db);
    if (!before || updatePost(db, postId, { ownerId, updatedAt: now }) === 0) return err("error.notFound");
    if (ownerId !== before.ownerId) queuePostsUpdated(db, [postId], "owner", now);
    if (ownerId !== null && ownerId !== actor.id && ownerId !== before.ownerId) {
      announce(db, recipientUser(ownerId), { inApp: { postId, type: "assigned", actorId: actor.id }, now });
    }
    return ok();
  });
}

/** Moves the post to another board (an archived one takes no posts). */
export function setBoard(postId: number, boardId: number, now = Date.now()): Result {
  const board = findBoardById(boardId);
  if (!board || board.archivedAt !== null) return err("error.boardUnknown", "boardId");
  return transaction((db): Result => (updatePost(db, postId, { boardId, updatedAt: now }) > 0 ? ok() : err("error.notFound")));
}

/** Links the post to the newest changelog draft, or to a new draft named after it; the draft's id. */
function addToChangelogDraftIn(db: Db, post: PostRow, actor: SessionUser): number {
  const draft = findLatestDraft(db) ?? insertEntry(db, { title: post.title, bodyMd: "", bodyHtml: "", authorId: actor.id });
  linkPostToEntry(db, draft.id, post.id);
  return draft.id;
}

export type SidebarStatusOutcome = StatusChangeOutcome & { changelogEntryId: number | null };

/**
 * The sidebar's status change: the loop's change, and for a shipped idea, when staff ask,
 * a link from a changelog draft, in the same transaction.
 */
export async function changeStatusFromSidebar(
  postId: number,
  input: { status: SettableStatus; response: string; addToChangelog: boolean },
  actor: SessionUser,
  now = Date.now(),
): Promise<Result<SidebarStatusOutcome>> {
  if (!input.addToChangelog || input.status !== "shipped") {
    const changed = await changeStatus(postId, input.status, input.response, actor, now);
    return changed.ok ? ok({ ...changed.value, changelogEntryId: null }) : changed;
  }
  const response = await renderStatusResponse(input.response);
  const result = transaction((db): Result<SidebarStatusOutcome> => {
    const changed = staffStatusChangeIn(db, postId, input.status, response, actor, now);
    return changed.ok ? ok({ ...changed.value, changelogEntryId: addToChangelogDraftIn(db, findLivePost(postId, db)!, actor) }) : changed;
  });
  if (result.ok && result.value.emailed > 0) kickOutbox();
  return result;
}

export type PickedPost = { id: number; title: string; status: PostStatus; voteCount: number };

const PICK_LIMIT = 8;

/**
 * Posts matching what staff typed, for the merge and changelog pickers: the board's own
 * search (Arabic-aware FTS, through listPosts), and "#12" or "12" finds idea 12.
 * `exceptId` (the post being merged) is never offered.
 */
export function pickPosts(q: string, viewer: SessionUser, exceptId: number | null): Result<PickedPost[]> {
  if (!canModerate(viewer)) return err("error.notFound");
  const text = q.trim().slice(0, 200);
  const picked: PickedPost[] = [];
  const number = /^#?\s*(\d{1,9})$/.exec(asciiDigits(text));
  if (number) {
    const post = findLivePost(Number(number[1]));
    if (post && post.mergedIntoId === null) picked.push({ id: post.id, title: post.title, status: post.status, voteCount: post.voteCount });
  }
  if (toFtsQuery(text)) {
    // Open and closed ideas alike: a duplicate may be of a shipped idea, and a changelog
    // entry links shipped ones.
    for (const state of ["open", "closed"] as const) {
      for (const row of listPosts({ sort: "trending", state, q: text }, viewer).posts) {
        if (!picked.some((p) => p.id === row.id)) picked.push({ id: row.id, title: row.title, status: row.status, voteCount: row.voteCount });
      }
    }
  }
  return ok(picked.filter((p) => p.id !== exceptId).slice(0, PICK_LIMIT));
}
