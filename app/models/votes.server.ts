import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { getDb } from "~/db/client.server";
import { preparedSql, preparedStatement } from "~/db/prepared.server";
import { votes } from "~/db/schema";
import { inBatches } from "./batches.server";

const insertVoteStatement = preparedStatement((db) =>
  db
    .insert(votes)
    .values({
      postId: sql.placeholder("postId"),
      userId: sql.placeholder("userId"),
      createdAt: sql.placeholder("createdAt"),
      source: sql.placeholder("source"),
      addedById: sql.placeholder("addedById"),
      note: sql.placeholder("note"),
    })
    .onConflictDoNothing()
    .returning({ createdAt: votes.createdAt })
    .prepare(),
);

/** Inserts the vote if absent; returns its creation time, or null if it already existed. */
export function insertVoteIfAbsent(
  db: Db,
  values: { postId: number; userId: number; createdAt: number; source?: "self" | "on_behalf"; addedById?: number; note?: string },
): number | null {
  const row = insertVoteStatement(db).get({ source: "self", addedById: null, note: null, ...values });
  return row?.createdAt ?? null;
}

const deleteVoteStatement = preparedStatement((db) =>
  db
    .delete(votes)
    .where(and(eq(votes.postId, sql.placeholder("postId")), eq(votes.userId, sql.placeholder("userId"))))
    .returning({ createdAt: votes.createdAt })
    .prepare(),
);

/** Deletes the vote; returns its creation time, or null if there was none. */
export function deleteVote(db: Db, postId: number, userId: number): number | null {
  const row = deleteVoteStatement(db).get({ postId, userId });
  return row?.createdAt ?? null;
}

const hasVotedStatement = preparedSql("select 1 from votes where post_id = @postId and user_id = @userId");

export function hasVoted(postId: number, userId: number, db: Db = getDb()): boolean {
  return hasVotedStatement(db).get({ postId, userId }) !== undefined;
}

// The page's ids as one JSON parameter, so one statement serves every page size.
const votedPostIdsStatement = preparedSql("select post_id from votes where user_id = @userId and post_id in (select value from json_each(@postIds))");

/** Which of these posts the user has voted for, in one query for a whole page. */
export function votedPostIds(userId: number, postIds: number[]): Set<number> {
  if (postIds.length === 0) return new Set();
  return new Set(
    votedPostIdsStatement()
      .pluck()
      .all({ userId, postIds: JSON.stringify(postIds) }) as number[],
  );
}

export type VoteRow = typeof votes.$inferSelect;

export type VoterView = {
  userId: number;
  displayName: string;
  email: string;
  source: "self" | "on_behalf";
  addedByName: string | null;
  note: string | null;
  createdAt: number;
};

/** Who voted and how: staff only, since it shows emails and on-behalf notes. */
export function listVotersForStaff(postId: number, limit: number): VoterView[] {
  return getDb().all<VoterView>(sql`
    select v.user_id as userId, u.display_name as displayName, u.email as email, v.source as source,
           a.display_name as addedByName, v.note as note, v.created_at as createdAt
    from votes v join users u on u.id = v.user_id left join users a on a.id = v.added_by_id
    where v.post_id = ${postId}
    order by v.source = 'on_behalf' desc, v.created_at desc
    limit ${limit}`);
}

/** The first few voters' names (self votes and on-behalf alike), newest first, for the sidebar. */
export function listVoterNames(postId: number, limit: number): { userId: number; displayName: string }[] {
  return getDb().all<{ userId: number; displayName: string }>(sql`
    select v.user_id as userId, u.display_name as displayName
    from votes v join users u on u.id = v.user_id
    where v.post_id = ${postId}
    order by v.created_at desc, v.user_id desc
    limit ${limit}`);
}

/** A voter's company traits (from single sign-on), for staff only. */
export type VoterTraits = { userId: number; displayName: string; company: string | null; monthlySpend: number | null };

/** The voters with company traits, biggest spend first, and the sum of every voter's monthly spend. */
export function voterTraitsOf(postId: number, limit: number): { voters: VoterTraits[]; totalSpend: number } {
  const db = getDb();
  const voters = db.all<VoterTraits>(sql`
    select v.user_id as userId, u.display_name as displayName, u.company as company, u.monthly_spend as monthlySpend
    from votes v join users u on u.id = v.user_id
    where v.post_id = ${postId} and (u.company is not null or u.monthly_spend is not null)
    order by coalesce(u.monthly_spend, -1) desc, v.user_id
    limit ${limit}`);
  const total = db.get<{ total: number }>(sql`
    select coalesce(sum(u.monthly_spend), 0) as total from votes v join users u on u.id = v.user_id where v.post_id = ${postId}`);
  return { voters, totalSpend: total?.total ?? 0 };
}

function allVotesOf(db: Db, postId: number): VoteRow[] {
  return db.select().from(votes).where(eq(votes.postId, postId)).all();
}

export function insertVoteRows(db: Db, rows: VoteRow[]): void {
  inBatches(rows, (batch) => void db.insert(votes).values(batch).run());
}

/** Inserts one vote row unless the user already has a vote on that post; true if inserted. */
export function insertVoteRowIfAbsent(db: Db, row: VoteRow): boolean {
  return db.insert(votes).values(row).onConflictDoNothing().run().changes > 0;
}

/** Deletes the post's votes (or only these users'); returns whose votes were deleted. */
export function deleteVotesOf(db: Db, postId: number, userIds?: number[]): number[] {
  if (userIds === undefined) {
    db.delete(votes).where(eq(votes.postId, postId)).run();
    return [];
  }
  return inBatches(userIds, (batch) =>
    db
      .delete(votes)
      .where(and(eq(votes.postId, postId), inArray(votes.userId, batch)))
      .returning({ userId: votes.userId })
      .all()
      .map((r) => r.userId),
  );
}

/**
 * Moves one post's votes to another; a user who voted on both keeps only the target's
 * vote. Returns every source row (for an exact undo) and who got a new target vote.
 */
export function moveVotes(db: Db, fromPostId: number, toPostId: number): { rows: VoteRow[]; addedUserIds: number[] } {
  const rows = allVotesOf(db, fromPostId);
  const added = db.all<{ user_id: number }>(sql`
    insert into votes (post_id, user_id, source, added_by_id, note, created_at)
    select ${toPostId}, user_id, source, added_by_id, note, created_at from votes where post_id = ${fromPostId} and true
    on conflict do nothing
    returning user_id`);
  deleteVotesOf(db, fromPostId);
  return { rows, addedUserIds: added.map((r) => r.user_id) };
}

/** Recomputes a post's vote_count and trending_score from its rows. */
export function recountVotes(db: Db, postId: number, windowStart: number): void {
  db.run(sql`update posts set
      vote_count = (select count(*) from votes where post_id = ${postId}),
      trending_score = coalesce((select sum(closeloop_vote_weight(created_at)) from votes where post_id = ${postId} and created_at > ${windowStart}), 0)
    where id = ${postId}`);
}

/** A vote as the API shows it: who, how it was cast, and when. Staff only (emails, on-behalf notes). */
export type VoteForStaff = {
  userId: number;
  name: string;
  email: string;
  source: "self" | "on_behalf";
  addedById: number | null;
  note: string | null;
  createdAt: number;
};

const voteForStaffColumns = sql`v.user_id as userId, u.display_name as name, u.email as email, v.source as source,
  v.added_by_id as addedById, v.note as note, v.created_at as createdAt`;

/** One keyset page of a post's votes, newest first, after `after`. */
export function listVotesPage(postId: number, options: { after: { createdAt: number; userId: number } | null; limit: number }): VoteForStaff[] {
  const { after, limit } = options;
  const afterKey = after ? sql`and (v.created_at < ${after.createdAt} or (v.created_at = ${after.createdAt} and v.user_id < ${after.userId}))` : sql``;
  return getDb().all<VoteForStaff>(sql`
    select ${voteForStaffColumns}
    from votes v join users u on u.id = v.user_id
    where v.post_id = ${postId} ${afterKey}
    order by v.created_at desc, v.user_id desc
    limit ${limit}`);
}

export function findVoteForStaff(postId: number, userId: number): VoteForStaff | undefined {
  return getDb().get<VoteForStaff>(sql`
    select ${voteForStaffColumns}
    from votes v join users u on u.id = v.user_id
    where v.post_id = ${postId} and v.user_id = ${userId}`);
}
