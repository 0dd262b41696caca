// The import's writes and look-ups (issue 14). Imported history goes straight into its
// tables with its own dates, through these functions only: never through the services
// that announce changes, so an import sends no notification, email or webhook.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import {
  boards,
  comments,
  importedRecords,
  postTags,
  posts,
  statusChanges,
  tags,
  users,
  votes,
  type ImportEntity,
  type ImportSource,
  type Locale,
  type PostKind,
  type PostStatus,
  type Role,
} from "~/db/schema";
import { liveCommentCount } from "./comments.server";
import { inBatches } from "./batches.server";

/** Local ids of what an earlier import of this source created, by source id. */
export function importedIds(db: Db, source: ImportSource, entity: ImportEntity, sourceIds: string[]): Map<string, number> {
  const rows = inBatches(sourceIds, (batch) =>
    db
      .select({ sourceId: importedRecords.sourceId, localId: importedRecords.localId })
      .from(importedRecords)
      .where(and(eq(importedRecords.source, source), eq(importedRecords.entity, entity), inArray(importedRecords.sourceId, batch)))
      .all(),
  );
  return new Map(rows.map((r) => [r.sourceId, r.localId]));
}

export function recordImported(db: Db, rows: { source: ImportSource; entity: ImportEntity; sourceId: string; localId: number }[]): void {
  inBatches(rows, (batch) => void db.insert(importedRecords).values(batch).onConflictDoNothing().run());
}

export type KnownUser = { id: number; role: Role };

/** Accounts by (lower-case) email. */
export function usersByEmail(db: Db, emails: string[]): Map<string, KnownUser> {
  const rows = inBatches(emails, (batch) =>
    db.select({ id: users.id, email: users.email, role: users.role }).from(users).where(inArray(users.email, batch)).all(),
  );
  return new Map(rows.map((r) => [r.email, { id: r.id, role: r.role }]));
}

/** Accounts by id (those an earlier import created, found through imported_records). */
export function usersById(db: Db, ids: number[]): Map<number, KnownUser> {
  const rows = inBatches(ids, (batch) => db.select({ id: users.id, role: users.role }).from(users).where(inArray(users.id, batch)).all());
  return new Map(rows.map((r) => [r.id, r]));
}

export function boardIdsBySlug(db: Db, slugs: string[]): Map<string, number> {
  const rows = inBatches(slugs, (batch) => db.select({ id: boards.id, slug: boards.slug }).from(boards).where(inArray(boards.slug, batch)).all());
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Tags by lower-cased name: "Reporting" and "reporting" are one tag (models/tags). */
export function tagIdsByName(db: Db): Map<string, number> {
  const rows = db.select({ id: tags.id, name: tags.name }).from(tags).all();
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

/** Which of these (post, user) pairs already have a vote. */
export function existingVotePairs(db: Db, postIds: number[]): Set<string> {
  const rows = inBatches([...new Set(postIds)], (batch) =>
    db.select({ postId: votes.postId, userId: votes.userId }).from(votes).where(inArray(votes.postId, batch)).all(),
  );
  return new Set(rows.map((r) => `${r.postId}:${r.userId}`));
}

/** Which of these ids are live posts. */
export function livePostIds(db: Db, ids: number[]): Set<number> {
  const rows = inBatches(ids, (batch) =>
    db
      .select({ id: posts.id })
      .from(posts)
      .where(and(inArray(posts.id, batch), sql`${posts.deletedAt} is null`))
      .all(),
  );
  return new Set(rows.map((r) => r.id));
}

/** A claimable placeholder account: no password until its owner signs up with this address. */
export function insertPlaceholderUser(
  db: Db,
  values: { email: string; displayName: string; locale: Locale | null; company: string | null; monthlySpend: number | null; createdAt?: number },
): number {
  return db
    .insert(users)
    .values({ ...values, passwordHash: null, role: "customer" })
    .returning({ id: users.id })
    .get().id;
}

export function insertImportedBoard(db: Db, values: { slug: string; name: string; description: string; createdAt?: number }): number {
  return db.insert(boards).values(values).returning({ id: boards.id }).get().id;
}

export function insertImportedTag(db: Db, values: { name: string; color: string }): number {
  return db.insert(tags).values(values).returning({ id: tags.id }).get().id;
}

export function insertImportedPost(
  db: Db,
  values: {
    boardId: number;
    authorId: number;
    title: string;
    bodyMd: string;
    bodyHtml: string;
    excerpt: string;
    status: PostStatus;
    kind: PostKind | null;
    impact: number | null;
    effort: number | null;
    ownerId: number | null;
    createdAt: number;
    statusChangedAt: number | null;
    shippedAt: number | null;
  },
): number {
  // The FTS triggers (drizzle/0001_search.sql) index it like any other post.
  return db
    .insert(posts)
    .values({ ...values, updatedAt: values.createdAt })
    .returning({ id: posts.id })
    .get().id;
}

export function setMergedInto(db: Db, postId: number, targetId: number): void {
  db.update(posts).set({ mergedIntoId: targetId }).where(eq(posts.id, postId)).run();
}

export function insertImportedPostTags(db: Db, rows: { postId: number; tagId: number }[]): void {
  inBatches(rows, (batch) => void db.insert(postTags).values(batch).onConflictDoNothing().run());
}

export function insertImportedComment(
  db: Db,
  values: { postId: number; authorId: number; parentId: number | null; bodyMd: string; bodyHtml: string; isInternal: boolean; createdAt: number },
): number {
  return db.insert(comments).values(values).returning({ id: comments.id }).get().id;
}

/** False when the person already had a vote on the post. */
export function insertImportedVote(
  db: Db,
  values: { postId: number; userId: number; source: "self" | "on_behalf"; note: string | null; createdAt: number; addedById: number | null },
): boolean {
  return db.insert(votes).values(values).onConflictDoNothing().run().changes > 0;
}

export function insertImportedStatusChange(
  db: Db,
  values: { postId: number; fromStatus: PostStatus; toStatus: PostStatus; actorId: number; responseMd: string; responseHtml: string; createdAt: number },
): number {
  return db.insert(statusChanges).values(values).returning({ id: statusChanges.id }).get().id;
}

/**
 * After an import touched these posts: vote_count, comment_count and the trending score
 * from their rows, exactly as the app keeps them (votes.recountVotes, the startup repair),
 * and the insights' first response and resolution from the imported status history.
 */
export function recountImportedPosts(db: Db, postIds: number[], trendingWindowStart: number): void {
  inBatches([...new Set(postIds)], (batch) => {
    const ids = sql.join(
      batch.map((id) => sql`${id}`),
      sql`, `,
    );
    db.run(sql`update posts set
        vote_count = (select count(*) from votes v where v.post_id = posts.id),
        trending_score = coalesce((select sum(closeloop_vote_weight(v.created_at)) from votes v
          where v.post_id = posts.id and v.created_at > ${trendingWindowStart}), 0),
        comment_count = ${liveCommentCount},
        first_response_at = coalesce(first_response_at, (select min(s.created_at) from status_changes s where s.post_id = posts.id)),
        resolved_at = coalesce(resolved_at, (select min(s.created_at) from status_changes s
          where s.post_id = posts.id and s.to_status in ('shipped', 'declined')))
      where id in (${ids})`);
  });
}

/**
 * Authors, voters and public commenters follow the posts they took part in, as they
 * would have had they done it here (a later status change tells them); an explicit
 * unsubscribe already on file is kept.
 */
export function subscribeImportedParticipants(db: Db, postIds: number[]): void {
  inBatches([...new Set(postIds)], (batch) => {
    const ids = sql.join(
      batch.map((id) => sql`${id}`),
      sql`, `,
    );
    db.run(sql`insert into subscriptions (post_id, user_id, state)
      select id, author_id, 'subscribed' from posts where id in (${ids})
      union select post_id, user_id, 'subscribed' from votes where post_id in (${ids})
      union select post_id, author_id, 'subscribed' from comments where post_id in (${ids}) and is_internal = 0
      on conflict do nothing`);
  });
}
