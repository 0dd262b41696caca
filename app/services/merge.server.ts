// Merging duplicates: post A folds into post B. Votes, comments and followers move to
// B in one transaction; every row the merge moved or dropped is recorded in `merges`,
// so undo puts each one back exactly as it was.
import { transaction, type Db } from "~/db/client.server";
import type { PostStatus } from "~/db/schema";
import type { MergedPayload } from "~/emails/payloads";
import { moveComments, recountComments, restoreComments, type MovedComment } from "~/models/comments.server";
import { findActiveMergeOf, insertMerge, markUndone, recordMoved } from "~/models/merges.server";
import { findLivePost, updatePost } from "~/models/posts.server";
import { deleteStatusChange, insertStatusChange } from "~/models/status-changes.server";
import { moveSubscriptions, restoreSubscriptions, type SubscriptionRow } from "~/models/subscriptions.server";
import { deleteVotesOf, insertVoteRows, moveVotes, recountVotes, votersOf, type VoteRow } from "~/models/votes.server";
import type { SessionUser } from "./auth.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { getSiteSettings } from "./site.server";
import { TRENDING_WINDOW_MS } from "./trending.server";

/** Everything undo needs, stored as JSON in merges.moved. */
type MovedRows = {
  source: { status: PostStatus; statusChangedAt: number | null };
  statusChangeId: number;
  votes: VoteRow[];
  votesAddedToTarget: number[];
  comments: MovedComment[];
  subscriptions: SubscriptionRow[];
  subscriptionsAddedToTarget: number[];
};

export type MergeError = "error.notFound" | "error.mergeTargetUnknown" | "error.mergeSelf" | "error.mergeSourceMerged" | "error.mergeTargetMerged" | "error.mergeNothingToUndo";
export type MergeResult = { ok: true; mergeId: number } | { ok: false; error: MergeError };

function recount(db: Db, postId: number, now: number) {
  recountVotes(db, postId, now - TRENDING_WINDOW_MS);
  recountComments(db, postId);
}

export function mergePosts(sourceId: number, targetId: number, actor: SessionUser, now = Date.now()): MergeResult {
  if (sourceId === targetId) return { ok: false, error: "error.mergeSelf" };
  let emailed = 0;
  const result = transaction((db): MergeResult => {
    const source = findLivePost(sourceId, db);
    const target = findLivePost(targetId, db);
    if (!source) return { ok: false, error: "error.notFound" };
    if (!target) return { ok: false, error: "error.mergeTargetUnknown" };
    if (source.mergedIntoId) return { ok: false, error: "error.mergeSourceMerged" };
    if (target.mergedIntoId) return { ok: false, error: "error.mergeTargetMerged" };
    const merge = insertMerge(db, { sourcePostId: sourceId, targetPostId: targetId, actorId: actor.id, createdAt: now });

    // Tell A's voters once, before their votes move (a voter of both is one row here).
    const payload: MergedPayload = { siteName: getSiteSettings().siteName, postId: sourceId, title: source.title, targetPostId: targetId, targetTitle: target.title };
    emailed = announce(db, votersOf(sourceId, actor.id), {
      inApp: { postId: sourceId, type: "merged", relatedPostId: targetId },
      email: { template: "merged", payload, dedupePrefix: `merge:${merge.id}:user:`, preference: "status" },
      now,
    });

    const votes = moveVotes(db, sourceId, targetId);
    const comments = moveComments(db, sourceId, targetId);
    const subscriptions = moveSubscriptions(db, sourceId, targetId);
    const change = insertStatusChange(db, {
      postId: sourceId,
      fromStatus: source.status,
      toStatus: "duplicate",
      actorId: actor.id,
      responseMd: "",
      responseHtml: "",
      createdAt: now,
    });
    updatePost(db, sourceId, { status: "duplicate", mergedIntoId: targetId, statusChangedAt: now, updatedAt: now });
    recount(db, sourceId, now);
    recount(db, targetId, now);
    const moved: MovedRows = {
      source: { status: source.status, statusChangedAt: source.statusChangedAt },
      statusChangeId: change.id,
      votes: votes.rows,
      votesAddedToTarget: votes.addedUserIds,
      comments,
      subscriptions: subscriptions.rows,
      subscriptionsAddedToTarget: subscriptions.addedUserIds,
    };
    recordMoved(db, merge.id, JSON.stringify(moved));
    return { ok: true, mergeId: merge.id };
  });
  if (result.ok && emailed > 0) kickOutbox();
  return result;
}

/** Puts every row the latest merge of this post moved back where it was. */
export function undoMerge(sourceId: number, now = Date.now()): MergeResult {
  return transaction((db): MergeResult => {
    const merge = findActiveMergeOf(sourceId, db);
    const source = findLivePost(sourceId, db);
    if (!merge || !source || source.mergedIntoId !== merge.targetPostId) return { ok: false, error: "error.mergeNothingToUndo" };
    const moved = JSON.parse(merge.moved) as MovedRows;
    const targetId = merge.targetPostId;

    deleteVotesOf(db, targetId, moved.votesAddedToTarget);
    insertVoteRows(db, moved.votes);
    restoreComments(db, sourceId, moved.comments);
    restoreSubscriptions(db, targetId, moved.subscriptions, moved.subscriptionsAddedToTarget);
    deleteStatusChange(db, moved.statusChangeId);
    updatePost(db, sourceId, { status: moved.source.status, statusChangedAt: moved.source.statusChangedAt, mergedIntoId: null, updatedAt: now });
    recount(db, sourceId, now);
    recount(db, targetId, now);
    markUndone(db, merge.id, now);
    return { ok: true, mergeId: merge.id };
  });
}
