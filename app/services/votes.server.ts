// Voting: one row per (post, user); vote_count and trending_score change in the same
// transaction as the row, and a voter follows the post unless they opted out.
import { transaction, type Db } from "~/db/client.server";
import { adjustVoteCount, findLivePost, type PostRow } from "~/models/posts.server";
import { subscribeUnlessDecided } from "~/models/subscriptions.server";
import { deleteVote, insertVoteIfAbsent } from "~/models/votes.server";
import type { SessionUser } from "./auth.server";
import { canSeePost } from "./policy.server";
import { liveVoteWeight, voteWeight } from "~/utils/trending.server";

export class VoteError extends Error {
  constructor(readonly reason: "notFound" | "banned") {
    super(reason);
  }
}

export type VoteState = { voted: boolean; voteCount: number };

/** Whether this person's vote may be counted on the post: a live post, not merged away, that they can see. */
export function canVoteOn(post: PostRow | undefined, voter: Pick<SessionUser, "id" | "role" | "bannedAt"> | null): post is PostRow {
  return post !== undefined && !post.mergedIntoId && canSeePost(post, voter);
}

function votablePost(db: Db, postId: number, user: SessionUser) {
  const post = findLivePost(postId, db);
  if (!canVoteOn(post, user)) throw new VoteError("notFound");
  return post;
}

/** Adds the user's vote inside an open transaction; true if it was new. */
export function addVoteIn(db: Db, postId: number, userId: number, now = Date.now()): boolean {
  const createdAt = insertVoteIfAbsent(db, { postId, userId, createdAt: now });
  if (createdAt === null) return false;
  adjustVoteCount(db, postId, 1, voteWeight(createdAt));
  subscribeUnlessDecided(db, postId, userId);
  return true;
}

export function toggleVote(postId: number, user: SessionUser, now = Date.now()): VoteState {
  if (user.bannedAt) throw new VoteError("banned");
  return transaction((db) => {
    votablePost(db, postId, user);
    const removedAt = deleteVote(db, postId, user.id);
    let voted: boolean;
    if (removedAt !== null) {
      adjustVoteCount(db, postId, -1, -liveVoteWeight(removedAt, now));
      voted = false;
    } else {
      voted = addVoteIn(db, postId, user.id, now);
    }
    return { voted, voteCount: findLivePost(postId, db)!.voteCount };
  });
}

/** Votes without toggling: the vote an anonymous visitor asked for before signing in. */
export function castVote(postId: number, user: SessionUser, now = Date.now()): VoteState {
  if (user.bannedAt) throw new VoteError("banned");
  return transaction((db) => {
    votablePost(db, postId, user);
    addVoteIn(db, postId, user.id, now);
    return { voted: true, voteCount: findLivePost(postId, db)!.voteCount };
  });
}
