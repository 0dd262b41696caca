import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { merges, posts, users } from "~/db/schema";

export type MergeRow = typeof merges.$inferSelect;

export function insertMerge(db: Db, values: { sourcePostId: number; targetPostId: number; actorId: number; createdAt: number }): MergeRow {
  return db
    .insert(merges)
    .values({ ...values, moved: "{}" })
    .returning()
    .get();
}

export function recordMoved(db: Db, id: number, moved: string): void {
  db.update(merges).set({ moved }).where(eq(merges.id, id)).run();
}

/** The merge that currently holds this post merged away, if any. */
export function findActiveMergeOf(sourcePostId: number, db: Db = getDb()): MergeRow | undefined {
  return db
    .select()
    .from(merges)
    .where(and(eq(merges.sourcePostId, sourcePostId), isNull(merges.undoneAt)))
    .orderBy(desc(merges.id))
    .get();
}

/** The merges into this post that still hold their source merged into it, oldest first. */
export function listActiveMergesInto(db: Db, targetPostId: number): MergeRow[] {
  return db
    .select()
    .from(merges)
    .where(and(eq(merges.targetPostId, targetPostId), isNull(merges.undoneAt)))
    .orderBy(merges.id)
    .all();
}

export function markUndone(db: Db, id: number, at: number): void {
  db.update(merges).set({ undoneAt: at }).where(eq(merges.id, id)).run();
}

export type MergeIntoView = { id: number; sourcePostId: number; sourceTitle: string; actorName: string; createdAt: number };

/** The merges that still hold a post merged into this one, oldest first, for staff's activity feed. */
export function listMergesIntoForStaff(targetPostId: number): MergeIntoView[] {
  return getDb()
    .select({ id: merges.id, sourcePostId: merges.sourcePostId, sourceTitle: posts.title, actorName: users.displayName, createdAt: merges.createdAt })
    .from(merges)
    .innerJoin(posts, eq(posts.id, merges.sourcePostId))
    .innerJoin(users, eq(users.id, merges.actorId))
    .where(and(eq(merges.targetPostId, targetPostId), isNull(merges.undoneAt)))
    .orderBy(asc(merges.createdAt), asc(merges.id))
    .all();
}
