// Merging duplicates: post A folds into post B. Votes, comments and followers move to
// B in one transaction; every row the merge moved or dropped is recorded in `merges`,
// so undo puts each one back exactly as it was.
import { transaction, type Db } from "~/db/client.server";
import type { PostStatus } from "~/db/schema";
import type { PayloadOf } from "~/emails/templates";
import { moveComments, recountComments, restoreComments, type MovedComment } from "~/models/comments.server";
import { findActiveMergeOf, insertMerge, listActiveMergesInto, markUndone, recordMoved } from "~/models/merges.server";
import { cancelWaitingRowsKeyed } from "~/models/outbox.server";
import { findLivePost, updatePost } from "~/models/posts.server";
import { votersOfPost } from "~/models/recipients.server";
import { deleteStatusChange, insertStatusChange } from "~/models/status-changes.server";
import { insertSubscriptionRowIfAbsent, moveSubscriptions, restoreSubscriptions, type SubscriptionRow } from "~/models/subscriptions.server";
import { deleteVotesOf, insertVoteRowIfAbsent, insertVoteRows, moveVotes, recountVotes, type VoteRow } from "~/models/votes.server";
import type { SessionUser } from "./auth.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { getSiteSettings } from "./site.server";
import { queueWebhookEvent } from "./webhooks.server";
import { err, ok, type Result } from "~/utils/result";
import { TRENDING_WINDOW_MS } from "~/utils/trending.server";

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

/** Which merge a merge or an undo was (its row in `merges`). */
export type MergeDone = { mergeId: number };

/** The dedupe keys of one merge's "merged" notices start with this. */
const noticePrefix = (mergeId: number) => `merge:${mergeId}:user:`;

function recount(db: Db, postId: number, now: number) {
  recountVotes(db, postId, now - TRENDING_WINDOW_MS);
  recountComments(db, postId);
}

/** Refusals go beside the field that names the target, all but a missing source (the page's own post). */
export function mergePosts(sourceId: number, targetId: number, actor: SessionUser, now = Date.now()): Result<MergeDone> {
  if (sourceId === targetId) return err("error.mergeSelf", "targetId");
  let emailed = 0;
  const result = transaction((db): Result<MergeDone> => {
    const source = findLivePost(sourceId, db);
    const target = findLivePost(targetId, db);
    if (!source) return err("error.notFound");
    if (!target) return err("error.mergeTargetUnknown", "targetId");
    if (source.mergedIntoId) return err("error.mergeSourceMerged", "targetId");
    if (target.mergedIntoId) return err("error.mergeTargetMerged", "targetId");
    // Its voters would be told the title of, and sent to, a post only its author and
    // staff may see, and their votes would move out of sight: approve it first.
    if (target.pendingApproval) return err("error.mergeTargetPending", "targetId");
    const merge = insertMerge(db, { sourcePostId: sourceId, targetPostId: targetId, actorId: actor.id, createdAt: now });

    // Tell A's voters once, before their votes move (a voter of both is one row here).
    const payload: PayloadOf<"merged"> = {
      siteName: getSiteSettings().siteName,
      postId: sourceId,
      title: source.title,
      targetPostId: targetId,
      targetTitle: target.title,
    };
    emailed = announce(db, votersOfPost(sourceId, { except: actor.id }), {
      inApp: { postId: sourceId, type: "merged", relatedPostId: targetId },
      email: { template: "merged", payload, dedupePrefix: noticePrefix(merge.id), preference: "status" },
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
    queueWebhookEvent(db, "post.merged", { postId: sourceId, intoPostId: targetId }, now);
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
    return ok({ mergeId: merge.id });
  });
  if (result.ok && emailed > 0) kickOutbox();
  return result;
}

/**
 * Undoing a merge removes the target rows it added. Another merge into the same target
 * may have brought a row for one of those users and not added it, because this merge's
 * row was already there: now it adds its own, as if this merge had never happened (the
 * oldest such merge first), and its record says so for its own undo.
 */
function handOver(db: Db, targetId: number, undoneId: number, removed: { voters: number[]; followers: number[] }) {
  const voters = new Set(removed.voters);
  const followers = new Set(removed.followers);
  if (voters.size === 0 && followers.size === 0) return;
  for (const other of listActiveMergesInto(db, targetId)) {
    if (other.id === undoneId) continue;
    const moved = JSON.parse(other.moved) as MovedRows;
    let changed = false;
    for (const vote of moved.votes) {
      if (!voters.delete(vote.userId)) continue;
      if (insertVoteRowIfAbsent(db, { ...vote, postId: targetId })) {
        moved.votesAddedToTarget.push(vote.userId);
        changed = true;
      }
    }
    for (const subscription of moved.subscriptions) {
      if (!followers.delete(subscription.userId)) continue;
      if (insertSubscriptionRowIfAbsent(db, { ...subscription, postId: targetId })) {
        moved.subscriptionsAddedToTarget.push(subscription.userId);
        changed = true;
      }
    }
    if (changed) recordMoved(db, other.id, JSON.stringify(moved));
  }
}

/**
 * Puts every row the latest merge of this post moved back where it was. Refused while
 * the target is itself merged away: its rows (these among them) have moved on, so undo
 * that merge first.
 */
export function undoMerge(sourceId: number, now = Date.now()): Result<MergeDone> {
  return transaction((db): Result<MergeDone> => {
    const merge = findActiveMergeOf(sourceId, db);
    const source = findLivePost(sourceId, db);
    if (!merge || !source || source.mergedIntoId !== merge.targetPostId) return err("error.mergeNothingToUndo");
    const targetId = merge.targetPostId;
    if (findActiveMergeOf(targetId, db)) return err("error.mergeUndoTargetMerged");
    const moved = JSON.parse(merge.moved) as MovedRows;

    const voters = deleteVotesOf(db, targetId, moved.votesAddedToTarget);
    insertVoteRows(db, moved.votes);
    restoreComments(db, sourceId, moved.comments);
    const followers = restoreSubscriptions(db, targetId, moved.subscriptions, moved.subscriptionsAddedToTarget);
    handOver(db, targetId, merge.id, { voters, followers });
    deleteStatusChange(db, moved.statusChangeId);
    updatePost(db, sourceId, { status: moved.source.status, statusChangedAt: moved.source.statusChangedAt, mergedIntoId: null, updatedAt: now });
    recount(db, sourceId, now);
    recount(db, targetId, now);
    markUndone(db, merge.id, now);
    // Its notices that still wait would announce a merge that no longer is.
    cancelWaitingRowsKeyed(db, noticePrefix(merge.id));
    return ok({ mergeId: merge.id });
  });
}
