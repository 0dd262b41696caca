import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { getDb } from "~/db/client.server";
import { votes } from "~/db/schema";

/** Inserts the vote if absent; returns its creation time, or null if it already existed. */
export function insertVoteIfAbsent(
  db: Db,
  values: { postId: number; userId: number; createdAt: number; source?: "self" | "on_behalf"; addedById?: number; note?: string },
): number | null {
  const row = db
    .insert(votes)
    .values(values)
    .onConflictDoNothing()
    .returning({ createdAt: votes.createdAt })
    .get();
  return row?.createdAt ?? null;
}

/** Deletes the vote; returns its creation time, or null if there was none. */
export function deleteVote(db: Db, postId: number, userId: number): number | null {
  const row = db
    .delete(votes)
    .where(and(eq(votes.postId, postId), eq(votes.userId, userId)))
    .returning({ createdAt: votes.createdAt })
    .get();
  return row?.createdAt ?? null;
}

export function hasVoted(postId: number, userId: number, db: Db = getDb()): boolean {
  return (
    db
      .select({ postId: votes.postId })
      .from(votes)
      .where(and(eq(votes.postId, postId), eq(votes.userId, userId)))
      .get() !== undefined
  );
}

/** Which of these posts the user has voted for, in one query for a whole page. */
export function votedPostIds(userId: number, postIds: number[]): Set<number> {
  if (postIds.length === 0) return new Set();
  const rows = getDb()
    .select({ postId: votes.postId })
    .from(votes)
    .where(and(eq(votes.userId, userId), inArray(votes.postId, postIds)))
    .all();
  return new Set(rows.map((r) => r.postId));
}
