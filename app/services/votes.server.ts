// Voting: one row per (post, user); vote_count and trending_score change in the same
// transaction as the row, and a voter follows the post unless they opted out.
import { transaction, type Db } from "~/db/client.server";
import { adjustVoteCount, findLivePost, findVotablePost } from "~/models/posts.server";
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

/** Adds the vote; the post's new vote count, or null if the user had already voted. */
function addVote(db: Db, postId: number, userId: number, now: number, onBehalf?: OnBehalf): number | null {
  const createdAt = insertVoteIfAbsent(db, { postId, userId, createdAt: now, ...(onBehalf ? { source: "on_behalf" as const, ...onBehalf } : {}) });
  if (createdAt === null) return null;
  const voteCount = adjustVoteCount(db, postId, 1, voteWeight(createdAt));
  subscribeUnlessDecided(db, postId, userId);
  queueWebhookEvent(db, "vote.created", { postId, userId, onBehalf }, now);
  return voteCount;
}

/** Adds the user's vote inside an open transaction (cast by staff when `onBehalf` says so); true if it was new. */
export function addVoteIn(db: Db, postId: number, userId: number, now = Date.now(), onBehalf?: OnBehalf): boolean {
  return addVote(db, postId, userId, now, onBehalf) !== null;
}

/** Takes the vote back; the post's new vote count, or null if there was none. */
function removeVote(db: Db, postId: number, userId: number, now: number): number | null {
  const removedAt = deleteVote(db, postId, userId);
  if (removedAt === null) return null;
  const voteCount = adjustVoteCount(db, postId, -1, -liveVoteWeight(removedAt, now));
  queueWebhookEvent(db, "vote.deleted", { postId, userId }, now);
  return voteCount;
}

/** Takes the user's vote back inside an open transaction, count and trending score with it; false if there was none. */
export function removeVoteIn(db: Db, postId: number, userId: number, now = Date.now()): boolean {
  return removeVote(db, postId, userId, now) !== null;
}

/**
 * The vote's change, inside one transaction with the policy check, so a post merged or
 * hidden meanwhile takes no vote. `change` returns whether the user now votes and the new
 * count, read back by the counter's own `update … returning` (null: nothing changed, and
 * the pre-check's count stands).
 */
function changeVote(postId: number, user: SessionUser, change: (db: Db) => { voted: boolean; voteCount: number | null }): Result<VoteState, VoteRefusal> {
  return transaction((db) => {
    const post = findVotablePost(db, postId);
    const refusal = voteRefusal(post, user);
    if (refusal) return err(refusal);
    const { voted, voteCount } = change(db);
    return ok({ voted, voteCount: voteCount ?? post!.voteCount });
  });
}

export function toggleVote(postId: number, user: SessionUser, now = Date.now()): Result<VoteState, VoteRefusal> {
  return changeVote(postId, user, (db) => {
    const afterRemoval = removeVote(db, postId, user.id, now);
    if (afterRemoval !== null) return { voted: false, voteCount: afterRemoval };
    const afterVote = addVote(db, postId, user.id, now);
    return { voted: afterVote !== null, voteCount: afterVote };
  });
}

/** Votes without toggling: the vote an anonymous visitor asked for before signing in. */
export function castVote(postId: number, user: SessionUser, now = Date.now()): Result<VoteState, VoteRefusal> {
  return changeVote(postId, user, (db) => ({ voted: true, voteCount: addVote(db, postId, user.id, now) }));
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
