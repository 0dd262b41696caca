import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { changelogEntries, changelogPosts, posts } from "~/db/schema";
import { inBatches } from "./batches.server";

export type ChangelogEntryRow = typeof changelogEntries.$inferSelect;
export type LinkedPost = { entryId: number; id: number; title: string; status: string };

export function insertEntry(db: Db, values: { title: string; bodyMd: string; bodyHtml: string; authorId: number }): ChangelogEntryRow {
  return db.insert(changelogEntries).values(values).returning().get();
}

export function updateEntry(db: Db, id: number, values: { title: string; bodyMd: string; bodyHtml: string }): void {
  db.update(changelogEntries).set(values).where(eq(changelogEntries.id, id)).run();
}

export function setEntryPosts(db: Db, entryId: number, postIds: number[]): void {
  db.delete(changelogPosts).where(eq(changelogPosts.entryId, entryId)).run();
  if (postIds.length > 0)
    db.insert(changelogPosts)
      .values(postIds.map((postId) => ({ entryId, postId })))
      .onConflictDoNothing()
      .run();
}

/** The newest unpublished entry, if any: where "add to a changelog draft" appends. */
export function findLatestDraft(db: Db = getDb()): ChangelogEntryRow | undefined {
  return db
    .select()
    .from(changelogEntries)
    .where(sql`${changelogEntries.publishedAt} is null`)
    .orderBy(desc(changelogEntries.id))
    .limit(1)
    .get();
}

/** Links one more post to an entry (already linked: nothing changes). */
export function linkPostToEntry(db: Db, entryId: number, postId: number): void {
  db.insert(changelogPosts).values({ entryId, postId }).onConflictDoNothing().run();
}

export function markPublished(db: Db, id: number, at: number): boolean {
  return (
    db
      .update(changelogEntries)
      .set({ publishedAt: at })
      .where(and(eq(changelogEntries.id, id), sql`${changelogEntries.publishedAt} is null`))
      .run().changes > 0
  );
}

export function findEntry(id: number, db: Db = getDb()): ChangelogEntryRow | undefined {
  return db.select().from(changelogEntries).where(eq(changelogEntries.id, id)).get();
}

export function listEntries(publishedOnly: boolean, limit: number): ChangelogEntryRow[] {
  return getDb()
    .select()
    .from(changelogEntries)
    .where(publishedOnly ? isNotNull(changelogEntries.publishedAt) : undefined)
    .orderBy(sql`${changelogEntries.publishedAt} is not null`, desc(changelogEntries.publishedAt), desc(changelogEntries.id))
    .limit(limit)
    .all();
}

/** Published entries, newest first, one keyset page after (published at, id) of the last one shown. */
export function listPublishedEntriesAfter(cursor: { publishedAt: number; id: number } | null, limit: number): ChangelogEntryRow[] {
  return getDb()
    .select()
    .from(changelogEntries)
    .where(
      and(
        isNotNull(changelogEntries.publishedAt),
        cursor ? sql`(${changelogEntries.publishedAt}, ${changelogEntries.id}) < (${cursor.publishedAt}, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(desc(changelogEntries.publishedAt), desc(changelogEntries.id))
    .limit(limit)
    .all();
}

/** Linked posts of these entries; only live, visible posts. */
export function linkedPosts(entryIds: number[], db: Db = getDb()): LinkedPost[] {
  if (entryIds.length === 0) return [];
  return db
    .select({ entryId: changelogPosts.entryId, id: posts.id, title: posts.title, status: posts.status })
    .from(changelogPosts)
    .innerJoin(posts, eq(posts.id, changelogPosts.postId))
    .where(and(inArray(changelogPosts.entryId, entryIds), sql`${posts.deletedAt} is null`, eq(posts.pendingApproval, false)))
    .all();
}

// A linked post a changelog email may list (to anyone): on the board, not merged away,
// not awaiting approval. Checked when the email is queued and again when it is sent.
export const listableInEmail = sql`${posts.deletedAt} is null and ${posts.mergedIntoId} is null and ${posts.pendingApproval} = 0`;

/** Which of these posts a changelog email queued earlier may still list when it is sent. */
export function postIdsListableInEmail(ids: number[]): Set<number> {
  const rows = inBatches(ids, (batch) =>
    getDb()
      .select({ id: posts.id })
      .from(posts)
      .where(and(inArray(posts.id, batch), listableInEmail))
      .all(),
  );
  return new Set(rows.map((r) => r.id));
}
