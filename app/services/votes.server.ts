// Voting: one row per (post, user); vote_count and trending_score change in the same
// transaction as the row, and a voter follows the post unless they opted out.
import { transaction, type Db } from "~/db/client.server";
import { adjustVoteCount, findLivePost } from "~/models/posts.server";
import { subscribeUnlessDecided } from "~/models/subscriptions.server";
import { deleteVote, findVoteForStaff, insertVoteIfAbsent, listVotesPage, type VoteForStaff } from "~/models/votes.server";
import { err, ok, type Result } from "~/utils/result";
import type { SessionUser } from "./auth.server";
import { voteRefusal, type VoteRefusal } from "./policy.server";
import { liveVoteWeight, voteWeight } from "~/utils/trending.server";
import { decodeCursor, keysetPage } from "~/utils/cursor.server";
import { z } from "zod";
import { queueWebhookEvent } from "./webhooks.server";

export type VoteState = { voted: boolean; voteCount: number };

/** Who cast a vote for someone else: staff, for a customer heard on a call or in a survey. */
export type OnBehalf = { addedById: number; note?: string };

/** Adds the user's vote inside an open transaction (cast by staff when `onBehalf` says so); true if it was new. */
export function addVoteIn(db: Db, postId: number, userId: number, now = Date.now(), onBehalf?: OnBehalf): boolean {
  const createdAt = insertVoteIfAbsent(db, { postId, userId, createdAt: now, ...(onBehalf ? { source: "on_behalf" as const, ...onBehalf } : {}) });
  if (createdAt === null) return false;
  adjustVoteCount(db, postId, 1, voteWeight(createdAt));
  subscribeUnlessDecided(db, postId, userId);
  queueWebhookEvent(db, "vote.created", { postId, userId, onBehalf }, now);
  return true;
}

/** The vote's change, inside one transaction with the policy check, so a post merged or hidden meanwhile takes no vote. */
function changeVote(postId: number, user: SessionUser, change: (db: Db) => boolean): Result<VoteState, VoteRefusal> {
  return transaction((db) => {
    const refusal = voteRefusal(findLivePost(postId, db), user);
    if (refusal) return err(refusal);
    const voted = change(db);
    return ok({ voted, voteCount: findLivePost(postId, db)!.voteCount });
  });
}

/** Takes the user's vote back inside an open transaction, count and trending score with it; false if there was none. */
export function removeVoteIn(db: Db, postId: number, userId: number, now = Date.now()): boolean {
  const removedAt = deleteVote(db, postId, userId);
  if (removedAt === null) return false;
  adjustVoteCount(db, postId, -1, -liveVoteWeight(removedAt, now));
  queueWebhookEvent(db, "vote.deleted", { postId, userId }, now);
  return true;
}

export function toggleVote(postId: number, user: SessionUser, now = Date.now()): Result<VoteState, VoteRefusal> {
  return changeVote(postId, user, (db) => (removeVoteIn(db, postId, user.id, now) ? false : addVoteIn(db, postId, user.id, now)));
}

/** Votes without toggling: the vote an anonymous visitor asked for before signing in. */
export function castVote(postId: number, user: SessionUser, now = Date.now()): Result<VoteState, VoteRefusal> {
  return changeVote(postId, user, (db) => {
    addVoteIn(db, postId, user.id, now);
    return true;
  });
}

const votesCursor = z.tuple([z.number().int(), z.number().int().positive()]);

/** A keyset page of a post's votes, newest first, for staff (emails and on-behalf notes): the JSON API's list. */
export function votesPage(postId: number, page: { cursor?: string; limit: number }): Result<{ rows: VoteForStaff[]; nextCursor: string | null }> {
  if (!findLivePost(postId)) return err("error.notFound");
  const key = decodeCursor(page.cursor, votesCursor);
  const rows = listVotesPage(postId, { after: key && { createdAt: key[0], userId: key[1] }, limit: page.limit + 1 });
  return ok(keysetPage(rows, page.limit, (v) => [v.createdAt, v.userId]));
}

/** One user's vote on a post, for staff, or undefined. */
export function voteOf(postId: number, userId: number): VoteForStaff | undefined {
  return findVoteForStaff(postId, userId);
}
